package org.riskbench.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.app.ScenarioService;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
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

/** The window's keys on the real seven screens: Ctrl+1..7, the rail's arrows, Ctrl+Enter, Esc, Ctrl+F; the status bar. */
@ExtendWith(ApplicationExtension.class)
class WindowKeysTest {
    private static final List<String> SCREENS = List.of("Jobs", "Scenarios", "Acceptance", "Calibration", "Inference", "Models", "Runs");
    private static final Preferences PREFS = Preferences.userRoot().node("org/riskbench/ui-test-keys");
    private static MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        Path workspace = Files.createTempDirectory("riskbench-keys-gui");
        RiskbenchApp composition = new RiskbenchApp();
        window = TestWindows.open(stage, workspace, app -> {
            TestTasks.register(app.jobs());
            return composition.screensFor(app);
        }, PREFS);
    }

    @AfterAll
    static void closeWorkspace() throws Exception {
        TestWindows.close(window);
        PREFS.removeNode();
    }

    private static void awaitScreens(FxRobot robot) throws Exception {
        FxWait.until(20, TimeUnit.SECONDS, () -> window.app() != null && robot.lookup("#nav-runs").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void shortcut(FxRobot robot, KeyCode key) {
        robot.press(KeyCode.CONTROL, key).release(key, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Node focused(FxRobot robot) {
        return window.stage().getScene().getFocusOwner();
    }

    @Test
    void ctrlOneToSevenGoToTheScreensInRailOrder(FxRobot robot) throws Exception {
        awaitScreens(robot);
        for (int i = SCREENS.size(); i >= 1; i--) {
            shortcut(robot, KeyCode.getKeyCode(String.valueOf(i)));
            String title = SCREENS.get(i - 1);
            assertThat(window.shownScreen()).as("Ctrl+" + i).isEqualTo(title);
            assertThat(robot.lookup("#nav-" + title.toLowerCase()).queryAs(ToggleButton.class).isSelected()).isTrue();
        }
    }

    @Test
    void arrowKeysOnTheRailChangeTheScreenNotOnlyTheHighlight(FxRobot robot) throws Exception {
        awaitScreens(robot);
        FxClicks.on(robot, "#nav-jobs");
        robot.type(KeyCode.DOWN);
        assertThat(window.shownScreen()).isEqualTo("Scenarios");
        assertThat(focused(robot).getId()).isEqualTo("nav-scenarios");
        robot.type(KeyCode.DOWN).type(KeyCode.DOWN);
        assertThat(window.shownScreen()).isEqualTo("Calibration");
        robot.type(KeyCode.UP);
        assertThat(window.shownScreen()).isEqualTo("Acceptance");
        assertThat(robot.lookup("#nav-acceptance").queryAs(ToggleButton.class).isSelected()).isTrue();
    }

    @Test
    void ctrlFGoesToTheScreensFilterField(FxRobot robot) throws Exception {
        awaitScreens(robot);
        shortcut(robot, KeyCode.DIGIT7);
        FxClicks.on(robot, "#nav-runs");
        shortcut(robot, KeyCode.F);
        assertThat(focused(robot)).isInstanceOf(TextField.class);
        assertThat(focused(robot).getId()).isEqualTo("queryField");
        shortcut(robot, KeyCode.DIGIT3);
        shortcut(robot, KeyCode.F);
        assertThat(focused(robot).getId()).isEqualTo("paramSearch");
    }

    @Test
    void ctrlEnterRunsTheScreensMainAction(FxRobot robot) throws Exception {
        awaitScreens(robot);
        shortcut(robot, KeyCode.DIGIT2);
        robot.interact(() -> {
            robot.lookup("#nameField").queryAs(TextField.class).setText("keys_synthetic");
            robot.lookup("#syntheticCheck").queryAs(CheckBox.class).setSelected(true);
            robot.lookup("#nScenariosField").queryAs(TextField.class).setText("3");
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.app().jobs().list(EnumSet.allOf(JobStatus.class), ScenarioService.KIND, 10)).isEmpty();

        shortcut(robot, KeyCode.ENTER);

        FxWait.until(60, TimeUnit.SECONDS, () -> window.app().jobs()
                .list(EnumSet.of(JobStatus.SUCCEEDED), ScenarioService.KIND, 10).size() == 1);
    }

    @Test
    void escCancelsTheRunningJobAndTheStatusBarCountsIt(FxRobot robot) throws Exception {
        awaitScreens(robot);
        shortcut(robot, KeyCode.DIGIT1);
        String id = window.app().jobs().submit(new JobRequest("keys-long", "test-count",
                Map.of("steps", 100_000, "step_ms", 5), null, null)).id();
        FxWait.until(10, TimeUnit.SECONDS, () -> window.statusText().startsWith("1 job running"));
        @SuppressWarnings("unchecked")
        TableView<Object> table = robot.lookup("#table").queryAs(TableView.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> !table.getItems().isEmpty());
        robot.interact(() -> table.getSelectionModel().select(0));
        FxWait.until(10, TimeUnit.SECONDS, () -> !robot.lookup("#cancelButton").queryButton().isDisabled());
        FxClicks.on(robot, "#table");
        robot.type(KeyCode.ESCAPE);

        FxWait.until(15, TimeUnit.SECONDS, () -> window.app().jobs().find(id).map(JobRecord::status)
                .orElseThrow() == JobStatus.CANCELLED);
        FxWait.until(10, TimeUnit.SECONDS, () -> window.statusText().equals("No jobs running"));
    }

    @Test
    void aJobEndingWhileAnotherScreenIsShownIsNotified(FxRobot robot) throws Exception {
        awaitScreens(robot);
        shortcut(robot, KeyCode.DIGIT7);
        String id = window.app().jobs().submit(new JobRequest("keys-short", "test-count",
                Map.of("steps", 20, "step_ms", 50), null, null)).id();

        // the job's own notification (other tests' jobs may be told about too; under a loaded machine the store poll and
        // the FX thread are slow, and a notification hides after 8 s: its texts are read as soon as it shows)
        List<String> texts = new java.util.concurrent.CopyOnWriteArrayList<>();
        FxWait.until(60, TimeUnit.SECONDS, () -> {
            robot.interact(() -> {
                List<String> now = robot.lookup(".notification-bar .label").queryAllAs(javafx.scene.control.Labeled.class).stream()
                        .map(javafx.scene.control.Labeled::getText).toList();
                if (texts.isEmpty() && now.stream().anyMatch(t -> t != null && t.contains(id))) {
                    texts.addAll(now);
                }
            });
            return !texts.isEmpty();
        });
        assertThat(texts).contains("test-count succeeded");
        assertThat(window.shownScreen()).isEqualTo("Runs");
    }
}
