package org.riskbench.ui.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.TestWindows;
import org.riskbench.ui.shell.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ScenariosScreenTest {
    private static Path workspace;
    private static MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        workspace = Files.createTempDirectory("riskbench-scenarios-gui");
        window = TestWindows.open(stage, workspace, app -> List.of(new ScenariosScreen(app)));
    }

    @AfterAll
    static void closeWorkspace() {
        TestWindows.close(window);
    }

    private static void awaitScreen(FxRobot robot) throws TimeoutException {
        FxWait.until(15, TimeUnit.SECONDS,
                () -> window.app() != null && robot.lookup("#runButton").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void type(FxRobot robot, String id, String text) {
        robot.interact(() -> robot.lookup(id).queryAs(TextField.class).setText(text));
    }

    @SuppressWarnings("unchecked")
    @Test
    void runsASyntheticConfigAndShowsItsScenariosAndSummary(FxRobot robot) throws Exception {
        awaitScreen(robot);
        type(robot, "#nameField", "gui_synthetic");
        robot.interact(() -> robot.lookup("#syntheticCheck").queryAs(javafx.scene.control.CheckBox.class).setSelected(true));
        type(robot, "#nScenariosField", "5");
        Button run = robot.lookup("#runButton").queryButton();
        assertThat(run.isDisabled()).isFalse();

        FxClicks.on(robot, "#runButton");

        TableView<?> table = robot.lookup("#runsTable").queryAs(TableView.class);
        Label rows = robot.lookup("#cardRows").queryAs(Label.class);
        Label best = robot.lookup("#cardBest").queryAs(Label.class);
        FxWait.until(60, TimeUnit.SECONDS, () -> table.getItems().size() == 5
                && !rows.getText().equals(ScenariosViewModel.DASH) && best.getText().startsWith("#"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#cardScenarios").queryAs(Label.class).getText()).isEqualTo("5");
        assertThat(Integer.parseInt(rows.getText())).isBetween(100, 300);
        assertThat(robot.lookup("#cardMeanPHit").queryAs(Label.class).getText()).endsWith("%");
        assertThat(robot.lookup("#coefTable").queryAs(TableView.class).getItems()).hasSize(4);
        assertThat(robot.lookup("#boxPlot").queryAs(BoxPlot.class).data()).hasSize(5);
        ListView<?> runs = robot.lookup("#runList").queryAs(ListView.class);
        assertThat(runs.getItems()).hasSize(1);
        assertThat(robot.lookup("#progressBox").query().isVisible()).isFalse();
        assertThat(run.isDisabled()).isFalse();
    }

    @Test
    void aRunStartedElsewhereAppearsAndEndsOnTheOpenScreen(FxRobot robot) throws Exception {
        awaitScreen(robot);
        javafx.scene.control.ListView<?> list = robot.lookup("#runList").queryAs(javafx.scene.control.ListView.class);
        // as another process (the CLI, or Jobs' Retry) would: the screen did not start this job
        var config = org.riskbench.engine.scenario.ScenarioConfig.fromMap(java.util.Map.of("name", "from_elsewhere",
                "n_scenarios", 3));
        String id = window.app().scenarios().submit(config, null, 1).id();

        FxWait.until(20, TimeUnit.SECONDS, () -> list.getItems().stream()
                .anyMatch(r -> ((org.riskbench.core.model.RunRecord) r).id().equals(id)
                        && "succeeded".equals(((org.riskbench.core.model.RunRecord) r).status())));
    }

    @Test
    void aValueTheConfigRefusesIsNamedAndDisablesRun(FxRobot robot) throws Exception {
        awaitScreen(robot);
        Label message = robot.lookup("#validationLabel").queryAs(Label.class);
        Button run = robot.lookup("#runButton").queryButton();

        type(robot, "#shockSdField", "-1");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(message.getText()).contains("shock_sd");
        assertThat(message.isVisible()).isTrue();
        assertThat(run.isDisabled()).isTrue();

        type(robot, "#shockSdField", "0.05");
        type(robot, "#nScenariosField", "0");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(message.getText()).contains("n_scenarios");
        assertThat(run.isDisabled()).isTrue();

        type(robot, "#nScenariosField", "2.5");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(message.getText()).contains("n_scenarios", "integer");

        type(robot, "#nScenariosField", "5");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(message.getText()).isEmpty();
        assertThat(message.isVisible()).isFalse();
        assertThat(run.isDisabled()).isFalse();
    }

    @Test
    void theRefusedFieldIsMarkedAndTheMarkGoesWithTheMessage(FxRobot robot) throws Exception {
        awaitScreen(robot);
        TextField shockSd = robot.lookup("#shockSdField").queryAs(TextField.class);
        TextField nScenarios = robot.lookup("#nScenariosField").queryAs(TextField.class);

        type(robot, "#shockSdField", "-1");
        FxWait.until(5, TimeUnit.SECONDS, () -> !org.controlsfx.control.decoration.Decorator.getDecorations(shockSd).isEmpty());
        assertThat(org.controlsfx.control.decoration.Decorator.getDecorations(nScenarios)).isNullOrEmpty();

        type(robot, "#shockSdField", "0.05");
        type(robot, "#nScenariosField", "0");
        FxWait.until(5, TimeUnit.SECONDS, () -> !org.controlsfx.control.decoration.Decorator.getDecorations(nScenarios).isEmpty()
                && isNullOrEmpty(org.controlsfx.control.decoration.Decorator.getDecorations(shockSd)));

        type(robot, "#nScenariosField", "5");
        FxWait.until(5, TimeUnit.SECONDS, () -> isNullOrEmpty(org.controlsfx.control.decoration.Decorator.getDecorations(nScenarios)));
    }

    private static boolean isNullOrEmpty(java.util.List<?> list) {
        return list == null || list.isEmpty();
    }
}
