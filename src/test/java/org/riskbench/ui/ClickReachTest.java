package org.riskbench.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.app.AppContext;
import org.riskbench.engine.acceptance.AcceptanceBenchmark;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.Picking;
import org.riskbench.testsupport.TestWindows;
import org.riskbench.ui.acceptance.AcceptanceScreen;
import org.riskbench.ui.acceptance.AcceptanceViewModel;
import org.riskbench.ui.calibration.CalibrationScreen;
import org.riskbench.ui.calibration.CalibrationViewModel;
import org.riskbench.ui.inference.InferenceScreen;
import org.riskbench.ui.inference.InferenceViewModel;
import org.riskbench.ui.inference.UploadItem;
import org.riskbench.ui.jobs.JobsScreen;
import org.riskbench.ui.models.ModelsScreen;
import org.riskbench.ui.runs.RunsScreen;
import org.riskbench.ui.runs.RunsViewModel;
import org.riskbench.ui.scenarios.ScenariosScreen;
import org.riskbench.ui.shell.MainWindow;
import org.riskbench.ui.shell.Screen;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The click test of every screen: in each state a screen passes through (idle, running, finished, failed, a message
 * shown and cleared), a mouse press at the centre and 3 px inside each corner of every shown, enabled Button,
 * ToggleButton, MenuButton and Hyperlink reaches it (found with scene picking, as a real mouse would). A status label
 * left over a button once took its clicks while headless clicks, sent to the node, passed.
 */
@ExtendWith(ApplicationExtension.class)
class ClickReachTest {
    private Path workspace;
    private MainWindow window;
    private final List<Screen> screens = new ArrayList<>();
    private final List<String> covered = new ArrayList<>();
    private final List<String> statesChecked = new ArrayList<>();
    private final List<String> cut = new ArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        workspace = Files.createTempDirectory("riskbench-click-reach");
        window = TestWindows.open(stage, workspace, app -> {
            screens.clear();
            screens.add(new JobsScreen(app.jobs(), app.samples()::runAll, path -> { }));
            screens.add(new ScenariosScreen(app));
            AcceptanceScreen acceptance = new AcceptanceScreen(app.replays(), app.jobs(), app.root());
            screens.add(acceptance);
            screens.add(new CalibrationScreen(app.calibrations(), app.jobs(), app.root(), (series, profile) -> {
                acceptance.viewModel().open(series, profile);
                window.show("Acceptance");
            }));
            screens.add(new InferenceScreen(app.inbox(), app.models(), app.scoring(), app.sparkInference(), app.root()));
            screens.add(new ModelsScreen(app, p -> { }, false));
            screens.add(new RunsScreen(app, path -> { }));
            return List.copyOf(screens);
        });
    }

    @AfterEach
    void closeWorkspace() {
        TestWindows.close(window);
    }

    private <T extends Screen> T screen(Class<T> type) {
        return type.cast(screens.stream().filter(type::isInstance).findFirst().orElseThrow());
    }

    /** Shows the screen and waits until its view is in the window. */
    private Node show(FxRobot robot, String title) throws Exception {
        robot.interact(() -> window.show(title));
        Screen s = screens.stream().filter(x -> x.title().equals(title)).findFirst().orElseThrow();
        FxWait.until(10, TimeUnit.SECONDS, () -> s.view().getScene() != null);
        WaitForAsyncUtils.waitForFxEvents();
        return s.view();
    }

    /** Records every control a press does not reach in the window as it is now. */
    private void check(FxRobot robot, String state) {
        WaitForAsyncUtils.waitForFxEvents();
        List<String> found = new ArrayList<>();
        robot.interact(() -> found.addAll(Picking.unreachableControls(window.stage().getScene().getRoot())));
        found.forEach(f -> covered.add(state + ": " + f));
        List<String> cutNow = new ArrayList<>();
        robot.interact(() -> {
            // a pass of layout first: a label widened since the last pulse still holds its old cut text
            window.stage().getScene().getRoot().applyCss();
            window.stage().getScene().getRoot().layout();
            cutNow.addAll(org.riskbench.testsupport.Elision.cutTexts(window.stage().getScene().getRoot()));
        });
        cutNow.forEach(t -> cut.add(state + ": '" + t + "'"));
        statesChecked.add(state);
    }

    private static void await(BooleanSupplier condition) throws Exception {
        FxWait.until(90, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Path series(String name, int steps) throws Exception {
        double[] y = AcceptanceBenchmark.synthetic(steps, 42);
        StringBuilder csv = new StringBuilder("ts,y\n");
        for (int i = 0; i < y.length; i++) {
            csv.append("d").append(i).append(',').append(y[i]).append('\n');
        }
        return Files.writeString(Files.createDirectories(workspace.resolveSibling(workspace.getFileName() + "-in")).resolve(name), csv);
    }

    @Test
    void everyButtonOfEveryScreenTakesAPressInEveryState(FxRobot robot) throws Exception {
        FxWait.until(20, TimeUnit.SECONDS, () -> window.app() != null && !screens.isEmpty());
        AppContext app = window.app();
        Path profiles = Path.of("sample-data/profiles/profiles.yaml").toAbsolutePath();
        Path badSeries = Files.writeString(Files.createDirectories(workspace.resolveSibling(workspace.getFileName() + "-in"))
                .resolve("bad.csv"), "ts,y\nd0,1\nd1,oops\n");

        // Jobs: empty, then a finished and a failed job selected
        Node jobs = show(robot, "Jobs");
        check(robot, "Jobs idle");
        var scenarioConfig = org.riskbench.engine.scenario.ScenarioConfig.fromMap(java.util.Map.of("name", "click", "n_scenarios", 3));
        app.scenarios().submit(scenarioConfig, null, 1).await();
        TableView<?> jobsTable = robot.from(jobs).lookup("#table").queryAs(TableView.class);
        await(() -> jobsTable.getItems().size() == 1);
        robot.interact(() -> jobsTable.getSelectionModel().select(0));
        check(robot, "Jobs finished job selected");

        // Scenarios: idle, running, finished, a refused value shown and cleared
        Node scenarios = show(robot, "Scenarios");
        check(robot, "Scenarios idle");
        robot.interact(() -> {
            robot.from(scenarios).lookup("#nameField").queryAs(TextField.class).setText("click_synthetic");
            robot.from(scenarios).lookup("#nScenariosField").queryAs(TextField.class).setText("5");
        });
        FxClicks.on(robot, robot.from(scenarios).lookup("#runButton").queryButton());
        check(robot, "Scenarios running");
        await(() -> screen(ScenariosScreen.class).viewModel().resultRows().size() == 5);
        check(robot, "Scenarios finished");
        robot.interact(() -> robot.from(scenarios).lookup("#shockSdField").queryAs(TextField.class).setText("-1"));
        check(robot, "Scenarios refused value shown");
        robot.interact(() -> robot.from(scenarios).lookup("#shockSdField").queryAs(TextField.class).setText("0.05"));
        check(robot, "Scenarios message cleared");

        // Acceptance: idle, running, finished, a refused value, cleared by another series, a failed replay
        Node acceptance = show(robot, "Acceptance");
        check(robot, "Acceptance idle");
        AcceptanceViewModel acc = screen(AcceptanceScreen.class).viewModel();
        Path series = series("regime.csv", 1500);
        robot.interact(() -> {
            acc.setSeries(series);
            acc.setProfileFile(profiles);
        });
        await(() -> acc.profileNames().contains("strict"));
        FxClicks.on(robot, robot.from(acceptance).lookup("#runButton").queryButton());
        check(robot, "Acceptance running");
        await(() -> !acc.runningProperty().get() && acc.loadedProperty().get() != null);
        check(robot, "Acceptance finished");
        robot.interact(() -> acc.editParameter("hysteresis.dwell_pass", "2.5"));
        FxClicks.on(robot, robot.from(acceptance).lookup("#runButton").queryButton());
        check(robot, "Acceptance refused value shown");
        robot.interact(() -> acc.editParameter("hysteresis.dwell_pass", "12"));
        Path another = series("another.csv", 1500);
        robot.interact(() -> acc.setSeries(another));
        check(robot, "Acceptance messages cleared");
        robot.interact(() -> acc.setSeries(badSeries));
        FxClicks.on(robot, robot.from(acceptance).lookup("#runButton").queryButton());
        await(() -> !acc.runningProperty().get() && !acc.runMessageProperty().get().isEmpty());
        check(robot, "Acceptance failed");

        // Calibration: idle, running, finished, an invalid grid row shown and cleared
        Node calibration = show(robot, "Calibration");
        check(robot, "Calibration idle");
        CalibrationViewModel cal = screen(CalibrationScreen.class).viewModel();
        robot.interact(() -> {
            cal.setSeries(series);
            cal.setProfileFile(Path.of("sample-data/profiles/default.yaml").toAbsolutePath());
            cal.loadGridFile(Path.of("sample-data/grids/basic.txt").toAbsolutePath());
        });
        await(() -> cal.gridRows().size() == 3 && cal.canRunBinding().get());
        FxClicks.on(robot, robot.from(calibration).lookup("#runButton").queryButton());
        check(robot, "Calibration running");
        await(() -> !cal.runningProperty().get() && cal.loadedProperty().get() != null);
        check(robot, "Calibration finished");
        var row = cal.gridRows().get(0);
        String values = row.valuesProperty().get();
        robot.interact(() -> row.valuesProperty().set("x,y"));
        check(robot, "Calibration invalid grid shown");
        robot.interact(() -> row.valuesProperty().set(values));
        check(robot, "Calibration message cleared");

        // Inference: idle, a good and a refused file, the good one confirmed and processed, the inbox
        Node inference = show(robot, "Inference");
        check(robot, "Inference idle");
        InferenceViewModel inf = screen(InferenceScreen.class).viewModel();
        Path good = workspace.resolveSibling(workspace.getFileName() + "-in").resolve("good.csv");
        org.riskbench.engine.intake.SyntheticTransactions.write(good, 60, 11, org.riskbench.engine.intake.SyntheticTransactions.Dialect.EN);
        StringBuilder refused = new StringBuilder("customer_id,amount,date,operation_type,sector,reference\n");
        for (int i = 0; i < 30; i++) {
            refused.append(String.format("C%03d,%d.50,2024-03-%02d,transferencia,comercio,%d", i % 5, 100 + i * 7, 1 + i % 28, 1000 + i))
                    .append(i == 3 ? ",extra,fields\n" : "\n");
        }
        Path broken = Files.writeString(good.resolveSibling("broken.csv"), refused);
        robot.interact(() -> inf.filesDropped(List.of(good, broken)));
        await(() -> inf.files().size() == 2 && inf.files().stream().noneMatch(i -> i.stateProperty().get() == UploadItem.State.INSPECTING
                || i.stateProperty().get() == UploadItem.State.WAITING));
        robot.interact(() -> inf.selectedProperty().set(inf.files().get(1)));
        check(robot, "Inference refused file shown");
        robot.interact(() -> inf.selectedProperty().set(inf.files().get(0)));
        check(robot, "Inference accepted file shown");
        FxClicks.on(robot, robot.from(inference).lookup("#confirmButton").queryButton());
        check(robot, "Inference confirming");
        await(() -> inf.files().get(0).stateProperty().get() == UploadItem.State.PROCESSED && inf.results().items().size() > 0);
        check(robot, "Inference results of the processed file");
        TabPane tabs = robot.from(inference).lookup("#tabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(1));
        check(robot, "Inference inbox");

        // Models: idle, a message shown, a retraining run ended
        Node models = show(robot, "Models");
        check(robot, "Models idle");
        FxClicks.on(robot, robot.from(models).lookup("#requestButton").queryButton());
        check(robot, "Models message shown");
        FxClicks.on(robot, robot.from(models).lookup("#retrainButton").queryButton());
        await(() -> screen(ModelsScreen.class).viewModel().runs().stream().anyMatch(r -> !"running".equals(r.status())
                && !"pending".equals(r.status())));
        check(robot, "Models retraining ended");

        // Runs: every run listed, a query error shown and cleared, two runs compared, the projects tab
        Node runs = show(robot, "Runs");
        RunsViewModel rv = screen(RunsScreen.class).viewModel();
        TableView<?> runsTable = robot.from(runs).lookup("#table").queryAs(TableView.class);
        await(() -> runsTable.getItems().size() >= 3);
        check(robot, "Runs idle");
        robot.interact(() -> rv.queryProperty().set("params.seed >"));
        check(robot, "Runs query error shown");
        robot.interact(() -> rv.queryProperty().set(""));
        await(() -> runsTable.getItems().size() >= 3);
        check(robot, "Runs query error cleared");
        robot.interact(() -> runsTable.getSelectionModel().selectRange(0, 2));
        FxClicks.on(robot, robot.from(runs).lookup("#compareButton").queryButton());
        await(() -> rv.comparisonProperty().get() != null);
        check(robot, "Runs compared");
        TabPane runTabs = robot.from(runs).lookup("#tabs").queryAs(TabPane.class);
        robot.interact(() -> runTabs.getSelectionModel().select(2));
        check(robot, "Runs projects tab");

        assertThat(statesChecked).hasSizeGreaterThanOrEqualTo(25);
        assertThat(covered).as("controls a mouse press does not reach").isEmpty();
        assertThat(cut).as("texts shown cut ('Confi…') in the window's states").isEmpty();
    }
}
