package org.riskbench.ui.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.app.ProjectService.ProjectInfo;
import org.riskbench.app.ProjectService.StepState;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.TestWindows;
import org.riskbench.ui.shell.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ProjectsTabTest {
    private static Path workspace;
    private static MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        workspace = Files.createTempDirectory("riskbench-projects-gui");
        window = TestWindows.open(stage, workspace, app -> List.of(new RunsScreen(app, path -> { })));
    }

    @AfterAll
    static void closeWorkspace() {
        TestWindows.close(window);
    }

    /** The step's row; read on the JavaFX thread, as the table may be refreshing. */
    private static StepState state(TableView<StepState> steps, String step) {
        return FxWait.read(() -> steps.getItems().stream().filter(s -> s.step().equals(step)).findFirst()
                .orElse(StepState.never(step)));
    }

    @SuppressWarnings("unchecked")
    @Test
    void createAProjectFromATemplateRunItsFirstStepsAsJobsAndSeeTheirRun(FxRobot robot) throws Exception {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null && robot.lookup("#tabs").tryQuery().isPresent());
        TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
        Tab projectsTab = tabs.getTabs().stream().filter(t -> t.getText().equals("Projects")).findFirst().orElseThrow();
        robot.interact(() -> tabs.getSelectionModel().select(projectsTab));
        TableView<ProjectInfo> projects = robot.lookup("#projectTable").queryAs(TableView.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> projects.getPlaceholder() instanceof Label l
                && l.getText().startsWith("No projects yet"));

        // an earlier query (one no pipeline run matches) must not hide the new project's run
        robot.interact(() -> robot.lookup("#queryField").queryTextInputControl().setText("params.seed > 10"));

        // New project…: a bad name is a readable message and the dialog stays open
        FxClicks.on(robot, "#newProjectButton");
        FxWait.until(10, TimeUnit.SECONDS, () -> robot.lookup("#projectNameField").tryQuery().isPresent());
        ComboBox<String> template = robot.lookup("#templateChoice").queryAs(ComboBox.class);
        robot.interact(() -> template.getSelectionModel().select("risk-scenarios"));
        FxClicks.on(robot, "#projectNameField").write("my demo");
        FxClicks.on(robot, "#createProjectButton");
        Label error = robot.lookup("#newProjectError").queryAs(Label.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> error.getText().contains("must be letters, digits"));
        robot.interact(() -> robot.lookup("#projectNameField").queryTextInputControl().setText("demo"));
        FxClicks.on(robot, "#createProjectButton");
        FxWait.until(10, TimeUnit.SECONDS, () -> robot.lookup("#projectNameField").tryQuery().isEmpty());

        // the new project is listed and selected, with the pipeline's nine steps, none run yet
        TableView<StepState> steps = robot.lookup("#stepTable").queryAs(TableView.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> projects.getItems().size() == 1 && steps.getItems().size() == 9);
        List<ProjectInfo> listed = FxWait.read(() -> List.copyOf(projects.getItems()));
        List<StepState> pipeline = FxWait.read(() -> List.copyOf(steps.getItems()));
        assertThat(listed.get(0).name()).isEqualTo("demo");
        assertThat(robot.lookup("#queryField").queryTextInputControl().getText()).as("the earlier query is cleared").isEmpty();
        assertThat(listed.get(0).template()).isEqualTo("risk-scenarios");
        assertThat(pipeline).extracting(StepState::step)
                .containsExactly("etl", "inspect", "clean", "prepare", "train", "evaluate", "deploy", "monitor", "update");
        assertThat(pipeline).noneMatch(StepState::ran);
        // the first step is picked when the selection reaches the step table, a moment after the list shows
        FxWait.until(5, TimeUnit.SECONDS, () -> robot.lookup("#runStepButton").queryButton().getText().equals("Run etl"));

        // etl opens a run; the run's step succeeds and the next step is picked
        FxClicks.on(robot, "#startRunCheck");
        FxClicks.on(robot, "#runStepButton");
        FxWait.until(30, TimeUnit.SECONDS, () -> "succeeded".equals(state(steps, "etl").status())
                && robot.lookup("#projectState").queryAs(Label.class).getText().contains("is open"));
        FxWait.until(5, TimeUnit.SECONDS, () -> robot.lookup("#runStepButton").queryButton().getText().equals("Run inspect"));
        assertThat(robot.lookup("#startRunCheck").queryAs(CheckBox.class).isDisabled()).isTrue();
        String runId = state(steps, "etl").runId();

        // inspect joins the run and ends it
        FxClicks.on(robot, "#endRunCheck");
        FxClicks.on(robot, "#runStepButton");
        FxWait.until(30, TimeUnit.SECONDS, () -> "succeeded".equals(state(steps, "inspect").status())
                && robot.lookup("#projectState").queryAs(Label.class).getText().startsWith("No open run"));
        assertThat(state(steps, "inspect").runId()).isEqualTo(runId);
        assertThat(robot.lookup("#stepMessage").queryAs(Label.class).getText()).startsWith("inspect succeeded in run " + runId + " (closed)");

        // both were pipeline-step jobs; the runs table shows the project's runs only, the pipeline run succeeded
        List<JobRecord> jobs = window.app().jobs().list(null, "pipeline-step", 10);
        assertThat(jobs).hasSize(2).allMatch(j -> j.status() == JobStatus.SUCCEEDED);
        TableView<RunRow> runs = robot.lookup("#table").queryAs(TableView.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> runs.getItems().stream()
                .anyMatch(r -> r.id().equals(runId) && r.run().status().equals("succeeded")));
        assertThat(FxWait.read(() -> List.copyOf(runs.getItems()))).allMatch(r -> "demo".equals(r.run().project()));
        assertThat(robot.lookup("#projectFilter").queryAs(ComboBox.class).getValue()).isEqualTo("demo");
    }
}
