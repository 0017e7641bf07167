package org.riskbench.ui.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.engine.acceptance.AcceptanceBenchmark;
import org.riskbench.engine.acceptance.ReplaySummary;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.TestWindows;
import org.riskbench.ui.shell.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class AcceptanceScreenTest {
    private static final int STEPS = 1500;
    private Path workspace;
    private MainWindow window;
    private AcceptanceScreen screen;

    @Start
    void start(Stage stage) throws Exception {
        workspace = Files.createTempDirectory("riskbench-acc-gui");
        window = TestWindows.open(stage, workspace, app -> {
            screen = new AcceptanceScreen(app.replays(), app.jobs(), app.root());
            return List.of(screen);
        });
    }

    @AfterEach
    void closeWorkspace() {
        TestWindows.close(window);
    }

    private void awaitScreen(FxRobot robot) throws TimeoutException {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null && robot.lookup("#runButton").tryQuery().isPresent());
    }

    private Path seededSeries() throws Exception {
        double[] y = AcceptanceBenchmark.synthetic(STEPS, 42);
        StringBuilder csv = new StringBuilder("ts,y\n");
        for (int i = 0; i < y.length; i++) {
            csv.append("d").append(i).append(',').append(y[i]).append('\n');
        }
        return Files.writeString(workspace.resolve("regime.csv"), csv);
    }

    @Test
    void runsAReplayAsAJobThenShowsCardsLinkedChartsAndTransitionCounts(FxRobot robot) throws Exception {
        awaitScreen(robot);
        assertThat(robot.lookup("No replay shown yet").query().getParent().isVisible()).isTrue();
        AcceptanceViewModel vm = screen.viewModel();
        Path series = seededSeries();
        Path profiles = Path.of("sample-data/profiles/profiles.yaml").toAbsolutePath();
        robot.interact(() -> {
            vm.setSeries(series);
            vm.setProfileFile(profiles);
        });
        FxWait.until(10, TimeUnit.SECONDS, () -> vm.profileNames().contains("strict"));
        robot.interact(() -> vm.selectProfile("strict"));
        FxWait.until(10, TimeUnit.SECONDS, () -> vm.baseProfileProperty().get().name().equals("strict"));
        assertThat(vm.params()).hasSize(50);
        assertThat(vm.params().stream().filter(r -> r.path().equals("icp.alpha_target")).findFirst().orElseThrow()
                .valueProperty().get()).isEqualTo("0.05");

        javafx.scene.Node runButton = robot.lookup("#runButton").query();
        double runY = sceneY(runButton);
        FxClicks.on(robot, "#runButton");
        // the progress line appears under Run without moving it
        FxWait.until(10, TimeUnit.SECONDS, () -> vm.runningProperty().get() || !vm.runMessageProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(sceneY(runButton)).as("Run replay while running").isEqualTo(runY);
        int counted = STEPS - vm.baseProfileProperty().get().warmup();
        Label steps = robot.lookup("#card-n_steps").queryAs(Label.class);
        FxWait.until(30, TimeUnit.SECONDS, () -> steps.getText().equals(String.format(Locale.ROOT, "%,d", counted))
                && screen.charts().yDataSet().getDataCount() == counted);
        WaitForAsyncUtils.waitForFxEvents();

        ReplaySummary summary = vm.loadedProperty().get().view().summary();
        assertThat(summary.nSteps()).isEqualTo(counted);
        assertThat(summary.transitionCount()).as("the regime change makes the strict profile move").isPositive();
        for (String key : ReplaySummary.transitionKeys()) {
            Label count = robot.lookup("#transition-" + key.replace("->", "-")).queryAs(Label.class);
            assertThat(count.getText()).as(key).isEqualTo(Integer.toString(summary.transitions().get(key)));
        }
        long blocked = java.util.Arrays.stream(screen.charts().stateDataSet("BLOCK").getValues(1)).limit(counted).filter(v -> v == 1).count();
        assertThat(blocked).isEqualTo(Math.round(summary.blockShare() * counted));
        assertThat(screen.charts().missDataSet().getDataCount())
                .isEqualTo((int) Math.round((1 - summary.coverageEmpirical()) * counted));
        assertThat(robot.lookup("#card-drift").queryAs(Label.class).getText()).isIn("OBSERVE", "WARN", "STABLE");
        // the state strip has a key
        assertThat(robot.lookup("#stateLegend").queryAs(javafx.scene.layout.HBox.class).getChildren())
                .extracting(n -> ((Label) n).getText()).containsExactly("PASS", "DERISK", "BLOCK");
        assertThat(robot.lookup("No replay shown yet").query().getParent().isVisible()).as("empty state hidden").isFalse();

        // Zooming one panel moves all four.
        robot.interact(() -> screen.charts().zoomPanel(2, 300, 700));
        assertThat(screen.charts().xRanges()).allSatisfy(r -> assertThat(r).containsExactly(300, 700));
        // ... and never off the series: a window past its end slides back, one wider than it shows all of it
        var ySeries = screen.charts().yDataSet();
        double first = ySeries.get(0, 0);
        double last = ySeries.get(0, ySeries.getDataCount() - 1);
        robot.interact(() -> screen.charts().zoomPanel(0, last - 100, last + 300));
        assertThat(screen.charts().xRanges()).allSatisfy(r -> assertThat(r).containsExactly(last - 400, last));
        robot.interact(() -> screen.charts().zoomPanel(1, first - 5000, last + 5000));
        assertThat(screen.charts().xRanges()).allSatisfy(r -> assertThat(r).containsExactly(first, last));

        // The finished replay is listed and can be reopened.
        FxWait.until(10, TimeUnit.SECONDS, () -> vm.runs().size() == 1 && "succeeded".equals(vm.runs().get(0).status()));
        assertThat(sceneY(runButton)).as("Run replay with the finished message shown").isEqualTo(runY);

        // another series: the charts of the replay of the old one go (they stayed beside the new form)
        Path another = Files.writeString(workspace.resolve("another.csv"), Files.readString(series));
        robot.interact(() -> vm.setSeries(another));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#resultPane").query().isVisible()).isFalse();
        assertThat(robot.lookup("No replay shown yet").query().getParent().isVisible()).isTrue();
    }

    private static double sceneY(javafx.scene.Node node) {
        return node.localToScene(node.getLayoutBounds()).getMinY();
    }

    @Test
    void refusedProfileValueShowsAMessageNamingTheKeyAndBlocksTheRun(FxRobot robot) throws Exception {
        awaitScreen(robot);
        AcceptanceViewModel vm = screen.viewModel();
        Path series = seededSeries();
        robot.interact(() -> vm.setSeries(series));
        javafx.scene.Node runButton = robot.lookup("#runButton").query();
        WaitForAsyncUtils.waitForFxEvents();
        double runY = sceneY(runButton);
        robot.interact(() -> vm.editParameter("hysteresis.dwell_pass", "2.5"));
        Label error = robot.lookup("#formError").queryAs(Label.class);
        assertThat(error.getText()).contains("hysteresis.dwell_pass").contains("integer");
        FxClicks.on(robot, "#runButton");
        // the run is refused, pointing at the value's own message above rather than repeating it
        assertThat(robot.lookup("#runMessage").queryAs(Label.class).getText()).isEqualTo("Fix the profile value above first.");
        assertThat(vm.runningProperty().get()).isFalse();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(sceneY(runButton)).as("Run replay with the value's message and the run's shown (it moved 28 px)").isEqualTo(runY);

        robot.interact(() -> vm.editParameter("hysteresis.dwell_pass", "12"));
        assertThat(error.getText()).isEmpty();
        assertThat(vm.hasEdits()).isTrue();

        // the messages gone (another series chosen), a mouse press anywhere on Run reaches it
        Label runMessage = robot.lookup("#runMessage").queryAs(Label.class);
        Path another = seededSeries();
        robot.interact(() -> vm.setSeries(another));
        FxWait.until(10, TimeUnit.SECONDS, () -> runMessage.getText().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node run = robot.lookup("#runButton").query();
        assertThat(org.riskbench.testsupport.Picking.unreachedBy(run)).as("what takes clicks meant for Run replay").isNull();
    }

    @Test
    void theProfileSheetGroupsByPrefixSearchesAndItsTypedEditorsEditTheProfile(FxRobot robot) throws Exception {
        awaitScreen(robot);
        AcceptanceViewModel vm = screen.viewModel();
        org.controlsfx.control.PropertySheet sheet = robot.lookup("#paramSheet").queryAs(org.controlsfx.control.PropertySheet.class);
        assertThat(sheet.getItems()).hasSize(vm.params().size());
        java.util.Map<String, org.controlsfx.control.PropertySheet.Item> byName = new java.util.HashMap<>();
        sheet.getItems().forEach(i -> byName.put((i.getCategory().equals(ProfileSheet.GENERAL) ? "" : i.getCategory() + ".") + i.getName(), i));
        assertThat(byName.get("hysteresis.dwell_pass").getCategory()).isEqualTo("hysteresis");
        assertThat(byName.get("hysteresis.dwell_pass").getType()).isEqualTo(Integer.class);
        assertThat(byName.get("icp.alpha_target").getType()).isEqualTo(Double.class);
        assertThat(byName.get("warmup").getCategory()).isEqualTo(ProfileSheet.GENERAL);
        assertThat(byName.get("hysteresis.dwell_pass").getName()).isEqualTo("dwell_pass");
        assertThat(byName.get("hysteresis.dwell_pass").getDescription()).startsWith("hysteresis.dwell_pass: default ");

        // the sheet's own search box (a ControlsFX CustomTextField; the editors are plain fields), made with its skin
        FxWait.until(15, TimeUnit.SECONDS, () -> robot.lookup("#paramSheet .custom-text-field").tryQuery().isPresent());
        FxClicks.on(robot, robot.lookup("#paramSheet .custom-text-field").queryAs(javafx.scene.control.TextField.class)).write("dwell_pass");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(sheet.getTitleFilter()).isEqualTo("dwell_pass");
        // the one editor left is the integer field of hysteresis.dwell_pass: typing in it edits the profile
        java.util.List<javafx.scene.control.TextField> editors = robot.lookup("#paramSheet .text-field")
                .queryAllAs(javafx.scene.control.TextField.class).stream()
                .filter(f -> !f.getStyleClass().contains("custom-text-field")).toList();
        assertThat(editors).hasSize(1);
        robot.doubleClickOn(editors.get(0)).write("7").type(javafx.scene.input.KeyCode.TAB);
        FxWait.until(5, TimeUnit.SECONDS, () -> vm.params().stream()
                .anyMatch(r -> r.path().equals("hysteresis.dwell_pass") && r.valueProperty().get().equals("7")));
        assertThat(vm.hasEdits()).isTrue();

        FxClicks.on(robot, "#resetButton");
        assertThat(vm.hasEdits()).isFalse();
    }

    @Test
    void everyParameterNameShowsWholeBesideItsEditor(FxRobot robot) throws Exception {
        awaitScreen(robot);
        org.controlsfx.control.PropertySheet sheet = robot.lookup("#paramSheet").queryAs(org.controlsfx.control.PropertySheet.class);
        // by name: every parameter in one laid-out list ("enter_warn_runs" was cut to "enter_warn..." by wide fields)
        robot.interact(() -> sheet.setMode(org.controlsfx.control.PropertySheet.Mode.NAME));
        WaitForAsyncUtils.waitForFxEvents();
        java.util.List<javafx.scene.control.Label> names = robot.lookup("#paramSheet .label").queryAllAs(javafx.scene.control.Label.class)
                .stream().filter(l -> sheet.getItems().stream().anyMatch(i -> i.getName().equals(l.getText()))).toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(sheet.getItems().size() - 2);
        assertThat(names.stream().filter(org.riskbench.testsupport.Elision::elided).map(javafx.scene.control.Label::getText))
                .isEmpty();
    }
}
