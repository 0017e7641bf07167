package org.riskbench.ui.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.app.AppContext;
import org.riskbench.jobs.JobRequest;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.TestTasks;
import org.riskbench.testsupport.TestWindows;
import org.riskbench.ui.shell.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class JobsScreenTest {
    private static Path workspace;
    private static MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        workspace = Files.createTempDirectory("riskbench-gui");
        window = TestWindows.open(stage, workspace, app -> {
            TestTasks.register(app.jobs());
            return List.of(new JobsScreen(app.jobs(), app.samples()::runAll, folder -> { }));
        });
    }

    @AfterAll
    static void closeWorkspace() {
        TestWindows.close(window);
    }

    private static void awaitJobsScreen(FxRobot robot) throws java.util.concurrent.TimeoutException {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null && robot.lookup("#table").tryQuery().isPresent());
    }

    @SuppressWarnings("unchecked")
    @Test
    void showsLiveProgressOfAJobStartedByAnotherProcessAndItsLogThenItsSuccess(FxRobot robot) throws Exception {
        awaitJobsScreen(robot);
        TableView<JobRow> table = robot.lookup("#table").queryAs(TableView.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> robot.lookup("No jobs yet").tryQuery().isPresent());

        // A second AppContext on the same folder stands for a CLI process: the screen only sees the store.
        try (AppContext other = AppContext.open(workspace, 1)) {
            TestTasks.register(other.jobs());
            other.jobs().submit(new JobRequest("cli-job", "test-wait", Map.of(), null, null));

            FxWait.until(15, TimeUnit.SECONDS, () -> table.getItems().stream()
                    .anyMatch(r -> r.id().equals("cli-job") && r.statusProperty().get().equals("running")
                            && r.progressProperty().get() == 0.5));
            WaitForAsyncUtils.waitForFxEvents();
            ProgressBar bar = robot.lookup(".progress-bar").queryAs(ProgressBar.class);
            assertThat(bar.getProgress()).isEqualTo(0.5);
            assertThat(robot.lookup("50%").tryQuery()).isPresent();

            // selected through the table: its cells re-render twice a second, so a click by text can miss
            robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                    .filter(r -> r.id().equals("cli-job")).findFirst().orElseThrow()));
            TextArea log = robot.lookup("#logArea").queryAs(TextArea.class);
            FxWait.until(10, TimeUnit.SECONDS, () -> log.getText().contains("waiting for release"));

            TestTasks.RELEASE.countDown();
            FxWait.until(15, TimeUnit.SECONDS, () -> table.getItems().stream()
                    .anyMatch(r -> r.id().equals("cli-job") && r.statusProperty().get().equals("succeeded")));
            FxWait.until(10, TimeUnit.SECONDS, () -> log.getText().contains("succeeded"));
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void cancelButtonStopsTheSelectedJobAndFilterHidesIt(FxRobot robot) throws Exception {
        awaitJobsScreen(robot);
        TableView<JobRow> table = robot.lookup("#table").queryAs(TableView.class);
        window.app().jobs().submit(new JobRequest("to-cancel", "test-count", Map.of("steps", 1_000_000, "step_ms", 5), null, null));
        FxWait.until(15, TimeUnit.SECONDS, () -> table.getItems().stream()
                .anyMatch(r -> r.id().equals("to-cancel") && r.statusProperty().get().equals("running")));
        // selected through the table: the live table re-renders its cells twice a second, so a click by text can miss
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(r -> r.id().equals("to-cancel")).findFirst().orElseThrow()));
        FxWait.until(10, TimeUnit.SECONDS, () -> !robot.lookup("#cancelButton").queryButton().isDisabled());
        FxClicks.on(robot, "#cancelButton");
        FxWait.until(15, TimeUnit.SECONDS, () -> table.getItems().stream()
                .anyMatch(r -> r.id().equals("to-cancel") && r.statusProperty().get().equals("cancelled")));

        robot.interact(() -> robot.lookup("#statusFilter").queryComboBox().getSelectionModel().select("running"));
        FxWait.until(10, TimeUnit.SECONDS, () -> table.getItems().stream().noneMatch(r -> r.id().equals("to-cancel")));
        assertThat(table.getItems()).allSatisfy(r -> assertThat(r.statusProperty().get()).isEqualTo("running"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void theSphereFilterShowsTheScenarioJobsLabelledWithIt(FxRobot robot) throws Exception {
        awaitJobsScreen(robot);
        TableView<JobRow> table = robot.lookup("#table").queryAs(TableView.class);
        var config = org.riskbench.engine.scenario.ScenarioConfig.defaults().withNScenarios(2);
        window.app().scenarios().submit(config, "sphere-orunmila", 1, "orunmila", w -> { }).await();
        window.app().scenarios().submit(config, "sphere-forge", 1, "forge", w -> { }).await();
        FxWait.until(15, TimeUnit.SECONDS, () -> table.getItems().stream().filter(r -> r.id().startsWith("sphere-")).count() == 2);

        robot.interact(() -> robot.lookup("#sphereFilter").queryComboBox().getSelectionModel().select("orunmila"));
        FxWait.until(10, TimeUnit.SECONDS, () -> table.getItems().stream().noneMatch(r -> r.id().equals("sphere-forge")));
        assertThat(table.getItems()).extracting(JobRow::id).containsExactly("sphere-orunmila");
        robot.interact(() -> robot.lookup("#sphereFilter").queryComboBox().getSelectionModel().select(JobsViewModel.ALL));
        FxWait.until(10, TimeUnit.SECONDS, () -> table.getItems().stream().anyMatch(r -> r.id().equals("sphere-forge")));
    }

    @SuppressWarnings("unchecked")
    @Test
    void aNewWorkspaceOffersTheSamplesAndRunsThemAsRealJobs(FxRobot robot) throws Exception {
        awaitJobsScreen(robot);
        TableView<JobRow> table = robot.lookup("#table").queryAs(TableView.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> robot.lookup("#runSamplesButton").tryQuery().isPresent());
        FxClicks.on(robot, "#runSamplesButton");
        FxWait.until(60, TimeUnit.SECONDS, () -> table.getItems().size() == 5
                && table.getItems().stream().allMatch(r -> r.statusProperty().get().equals("succeeded")));
        assertThat(table.getItems()).extracting(r -> r.kindProperty().get()).containsExactlyInAnyOrder("scenario", "replay", "replay", "calibration", "inference");
        assertThat(workspace.resolve("samples/series/synthetic-regime.csv")).exists();
        // kinds and percentages whole ("calibrat…" and "10…" in a real window)
        FxWait.until(10, TimeUnit.SECONDS, () -> robot.lookup("100%").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(org.riskbench.testsupport.Elision.cutTexts(table)).isEmpty();
    }
}
