package org.riskbench.ui.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.engine.acceptance.AcceptanceBenchmark;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.calibration.ScoreHeatMap;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.TestWindows;
import org.riskbench.ui.shell.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class CalibrationScreenTest {
    private Path workspace;
    private MainWindow window;
    private CalibrationScreen screen;
    private final AtomicReference<AcceptanceProfile> handedOver = new AtomicReference<>();

    @Start
    void start(Stage stage) throws Exception {
        workspace = Files.createTempDirectory("riskbench-calib-gui");
        window = TestWindows.open(stage, workspace, app -> {
            screen = new CalibrationScreen(app.calibrations(), app.jobs(), app.root(), (series, profile) -> handedOver.set(profile));
            return List.of(screen);
        });
        stage.setWidth(1400);
        stage.setHeight(900);
    }

    @AfterEach
    void closeWorkspace() {
        TestWindows.close(window);
    }

    private void awaitScreen(FxRobot robot) throws TimeoutException {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null && robot.lookup("#runButton").tryQuery().isPresent());
    }

    private Path series() throws Exception {
        double[] y = AcceptanceBenchmark.synthetic(1200, 42);
        StringBuilder csv = new StringBuilder("ts,y\n");
        for (int i = 0; i < y.length; i++) {
            csv.append("d").append(i).append(',').append(y[i]).append('\n');
        }
        return Files.writeString(workspace.resolve("regime.csv"), csv);
    }

    private Path profile() throws Exception {
        return Files.writeString(workspace.resolve("base.yaml"), Files.readString(Path.of("sample-data/profiles/default.yaml")));
    }

    @Test
    void runsAGridAsAJobThenShowsTheTableTopKPatchAndHeatMap(FxRobot robot) throws Exception {
        awaitScreen(robot);
        assertThat(robot.lookup("No calibration shown yet").query().getParent().isVisible()).isTrue();
        assertThat(robot.lookup("#emptyText").queryAs(Label.class).getText()).contains("sample-data/grids/basic.txt");
        CalibrationViewModel vm = screen.viewModel();
        Path series = series();
        Path profile = profile();
        robot.interact(() -> {
            vm.setSeries(series);
            vm.setProfileFile(profile);
        });
        FxWait.until(10, TimeUnit.SECONDS, () -> vm.profileNameProperty().get() != null);
        robot.interact(() -> {
            vm.addGridRow("hysteresis.dwell_pass", "5,10");
            vm.addGridRow("kappa.tau_pass", "[0.40,0.45,0.50]");
        });
        assertThat(robot.lookup("#gridMessage").queryAs(Label.class).getText()).isEqualTo("2 x 3 = 6 points");
        assertThat(robot.lookup("#runButton").queryAs(Button.class).isDisabled()).isFalse();

        FxClicks.on(robot, "#runButton");
        TableView<?> table = robot.lookup("#resultsTable").queryAs(TableView.class);
        FxWait.until(60, TimeUnit.SECONDS, () -> table.getItems().size() == 6);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("No calibration shown yet").query().getParent().isVisible()).isFalse();

        TextArea patch = robot.lookup("#patchArea").queryAs(TextArea.class);
        assertThat(vm.selectedPointProperty().get()).isEqualTo(vm.loadedProperty().get().topK().get(0).point());
        assertThat(patch.getText()).satisfiesAnyOf(t -> assertThat(t).contains("hysteresis:"), t -> assertThat(t).contains("kappa:"),
                t -> assertThat(t).contains("no change"));
        ScoreHeatMap heat = screen.heatMap().data();
        assertThat(heat.xValues()).containsExactly("5", "10");
        assertThat(heat.yValues()).containsExactly("0.4", "0.45", "0.5");
        assertThat(heat.scoredCells()).isEqualTo((int) vm.loadedProperty().get().feasibleCount());
        assertThat(heat.scoredCells()).isPositive();

        // A click on another heat map cell selects that cell's best point everywhere (table, patch).
        HeatMap map = screen.heatMap();
        int before = vm.selectedPointProperty().get();
        double[] cell = null;
        for (double fx = 0.05; fx < 1 && cell == null; fx += 0.05) {
            for (double fy = 0.05; fy < 1 && cell == null; fy += 0.05) {
                int p = map.pickAt(map.getWidth() * fx, map.getHeight() * fy);
                if (p >= 0 && p != before) {
                    cell = new double[] {map.getWidth() * fx, map.getHeight() * fy, p};
                }
            }
        }
        assertThat(cell).as("a cell with another best point").isNotNull();
        javafx.geometry.Point2D onScreen = map.localToScreen(cell[0], cell[1]);
        robot.clickOn(onScreen.getX(), onScreen.getY());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.selectedPointProperty().get()).isEqualTo((int) cell[2]);
        assertThat(((javafx.scene.control.TableView<?>) table).getSelectionModel().getSelectedItem())
                .extracting("point").isEqualTo((int) cell[2]);

        // Filters: a text filter and the feasible-only toggle.
        robot.interact(() -> vm.filterTextProperty().set("dwell_pass=10"));
        assertThat(table.getItems()).hasSize(3);
        robot.interact(() -> vm.filterTextProperty().set(""));

        // Apply to profile (save as) writes the base profile with the patch and a header naming the run.
        Path target = workspace.resolve("calibrated.yaml");
        int point = vm.selectedPointProperty().get();
        robot.interact(() -> vm.applyToProfile(target));
        FxWait.until(10, TimeUnit.SECONDS, () -> Files.isRegularFile(target));
        assertThat(Files.readString(target)).startsWith("# calibrated by riskbench run calibration-").contains("point " + point);

        robot.interact(vm::openInAcceptance);
        FxWait.until(10, TimeUnit.SECONDS, () -> handedOver.get() != null);
        assertThat(handedOver.get().name()).endsWith("-p" + point);

        // The run is listed among the workspace's calibrations.
        FxWait.until(10, TimeUnit.SECONDS, () -> vm.runs().size() == 1 && "succeeded".equals(vm.runs().get(0).status()));
    }

    @Test
    void invalidGridRowShowsAMessageNamingTheAssignmentAndDisablesRun(FxRobot robot) throws Exception {
        awaitScreen(robot);
        CalibrationViewModel vm = screen.viewModel();
        Path series = series();
        robot.interact(() -> {
            vm.setSeries(series);
            vm.addGridRow("kappa.tau_pass", "0.4,0.5");
        });
        Label message = robot.lookup("#gridMessage").queryAs(Label.class);
        assertThat(message.getText()).isEqualTo("2 points");
        assertThat(robot.lookup("#runButton").queryAs(Button.class).isDisabled()).isFalse();

        FxClicks.on(robot, "#addRowButton");
        FxClicks.on(robot, "#gridPath1").write("dwell_p");
        javafx.scene.control.ListView<?> suggestions = robot.lookup("#pathSuggestions").queryAs(javafx.scene.control.ListView.class);
        assertThat(suggestions.isVisible()).isTrue();
        assertThat(List.copyOf(suggestions.getItems())).map(Object::toString).contains("hysteresis.dwell_pass");
        robot.interact(() -> vm.gridRows().get(1).pathProperty().set("hysteresis.dwell_pass"));
        FxClicks.on(robot, "#gridValues1").write("5,2.5");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(message.getText()).contains("hysteresis.dwell_pass");
        assertThat(robot.lookup("#runButton").queryAs(Button.class).isDisabled()).isTrue();

        robot.interact(() -> vm.gridRows().get(1).valuesProperty().set("5,10"));
        assertThat(message.getText()).isEqualTo("2 x 2 = 4 points");
        assertThat(robot.lookup("#runButton").queryAs(Button.class).isDisabled()).isFalse();
    }

    @Test
    void aRefusedTopKOrWeightIsMarkedOnItsField(FxRobot robot) throws Exception {
        awaitScreen(robot);
        javafx.scene.control.TextField topK = robot.lookup("#topKField").queryAs(javafx.scene.control.TextField.class);
        javafx.scene.control.TextField weights = robot.lookup("#weightsField").queryAs(javafx.scene.control.TextField.class);

        robot.interact(() -> topK.setText("many"));
        FxWait.until(5, TimeUnit.SECONDS, () -> marked(topK));
        assertThat(marked(weights)).isFalse();

        robot.interact(() -> {
            topK.setText("5");
            weights.setText("w_pass=lots");
        });
        FxWait.until(5, TimeUnit.SECONDS, () -> marked(weights) && !marked(topK));
    }

    private static boolean marked(javafx.scene.control.Control field) {
        java.util.List<?> decorations = org.controlsfx.control.decoration.Decorator.getDecorations(field);
        return decorations != null && !decorations.isEmpty();
    }

    @Test
    void theSampleGridShowsWholeInItsFields(FxRobot robot) throws Exception {
        awaitScreen(robot);
        CalibrationViewModel vm = screen.viewModel();
        robot.interact(() -> vm.loadGridFile(Path.of("sample-data/grids/basic.txt").toAbsolutePath()));
        FxWait.until(10, TimeUnit.SECONDS, () -> vm.gridRows().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        for (int i = 0; i < 3; i++) {
            for (String field : List.of("#gridPath" + i, "#gridValues" + i)) {
                javafx.scene.control.TextField f = robot.lookup(field).queryAs(javafx.scene.control.TextField.class);
                // "guards.latency_p95.soft = 250.0,300.0,3" was cut
                assertThat(org.riskbench.testsupport.Elision.fits(f)).as(field + " '" + f.getText() + "' in " + f.getWidth() + " px").isTrue();
            }
        }
    }

    @Test
    void runOnSparkWithoutAMasterSaysWhereToSetItAndTheSettingsDialogSetsIt(FxRobot robot) throws Exception {
        awaitScreen(robot);
        CalibrationViewModel vm = screen.viewModel();
        Path series = series();
        robot.interact(() -> {
            vm.setSeries(series);
            vm.addGridRow("hysteresis.dwell_pass", "5,10");
        });
        javafx.scene.Node runButton = robot.lookup("#runButton").query();
        WaitForAsyncUtils.waitForFxEvents();
        double runY = runButton.localToScene(0, 0).getY();
        assertThat(robot.lookup("#runOnMaster").queryAs(Label.class).getText()).isEqualTo("all cores of this computer");
        FxClicks.on(robot, "#runOnSpark");
        assertThat(vm.runOn().sparkProperty().get()).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(runButton.localToScene(0, 0).getY()).as("Run calibration stays where the mouse is").isEqualTo(runY);
        assertThat(robot.lookup("#runOnMaster").queryAs(Label.class).getText()).isEqualTo("no master set");
        FxClicks.on(robot, "#runButton");
        Label message = robot.lookup("#runMessage").queryAs(Label.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> !message.getText().isEmpty());
        assertThat(message.getText()).isEqualTo("Running on Spark needs a master: set it in File > Spark settings (or run"
                + " 'riskbench spark set spark.master local[2]').");
        assertThat(window.app().jobs().list(null, null, 100)).isEmpty();

        // the link opens the settings; a master that is none keeps the dialog open with the reason
        FxClicks.on(robot, "#runOnSettings");
        FxWait.until(10, TimeUnit.SECONDS, () -> robot.lookup("#spark-master").tryQuery().isPresent());
        FxClicks.on(robot, "#spark-master").write("mesos://old:5050");
        FxClicks.on(robot, "#spark-conf").write("spark.executor.memory=2g");
        FxClicks.on(robot, "OK");
        Label error = robot.lookup("#spark-settings-error").queryAs(Label.class);
        // the file is written off the FX thread: the refusal comes back a moment later
        FxWait.until(10, TimeUnit.SECONDS, () -> !error.getText().isEmpty());
        assertThat(error.getText()).contains("'mesos://old:5050' is not a Spark master");
        assertThat(workspace.resolve("spark.properties")).doesNotExist();
        robot.interact(() -> robot.lookup("#spark-master").queryAs(javafx.scene.control.TextField.class).setText("local[2]"));
        FxClicks.on(robot, "OK");
        FxWait.until(10, TimeUnit.SECONDS, () -> robot.lookup("#spark-master").tryQuery().isEmpty());
        assertThat(Files.readString(workspace.resolve("spark.properties")))
                .contains("spark.master=local[2]").contains("spark.executor.memory=2g");
        Label master = robot.lookup("#runOnMaster").queryAs(Label.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> master.getText().equals("master local[2]"));
        // nothing in the bar is cut in the 470 px form (the first version cut every word of it to "Ru…", "Sp…")
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(org.riskbench.testsupport.Elision.cutTexts(robot.lookup("#runOnBar").queryAs(javafx.scene.Parent.class))).isEmpty();

        // the executors read the base profile from a file: the defaults alone are refused before any job is made
        FxClicks.on(robot, "#runButton");
        FxWait.until(10, TimeUnit.SECONDS, () -> message.getText().contains("base profile file"));
        assertThat(message.getText()).isEqualTo("a calibration on Spark needs a base profile file (the executors read it):"
                + " choose one, e.g. sample-data/profiles/default.yaml.");
        assertThat(window.app().jobs().list(null, null, 100)).isEmpty();

        // back on this computer the same form runs locally, on the defaults
        FxClicks.on(robot, "#runOnLocal");
        FxClicks.on(robot, "#runButton");
        FxWait.until(60, TimeUnit.SECONDS, () -> window.app().jobs().list(null, null, 100).stream()
                .anyMatch(j -> j.status() == org.riskbench.core.model.JobStatus.SUCCEEDED));
        assertThat(window.app().jobs().list(null, null, 100).get(0).paramsJson()).doesNotContain("spark_master");
    }
}
