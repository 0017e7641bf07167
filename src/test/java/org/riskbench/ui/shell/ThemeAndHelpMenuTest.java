package org.riskbench.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.controlsfx.dialog.ExceptionDialog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.core.InputException;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.TestWindows;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** View > Dark theme (remembered for the next window), Help > Keyboard shortcuts, and error details on demand. */
@ExtendWith(ApplicationExtension.class)
class ThemeAndHelpMenuTest {
    private static final Preferences PREFS = Preferences.userRoot().node("org/riskbench/ui-test-theme");
    private static MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        PREFS.clear();
        window = TestWindows.open(stage, Files.createTempDirectory("riskbench-theme-gui"), app -> List.of(), PREFS);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        TestWindows.close(window);
        javafx.application.Platform.runLater(Theme.LIGHT::apply);
        PREFS.removeNode();
    }

    @Test
    void theDarkThemeAppliesAtOnceAndTheNextWindowStartsInIt(FxRobot robot) throws Exception {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null);
        assertThat(Theme.remembered(PREFS)).isEqualTo(Theme.LIGHT);

        FxClicks.on(robot, "View");

        FxClicks.on(robot, "Dark theme");

        assertThat(Theme.current()).isEqualTo(Theme.DARK);
        assertThat(window.stage().getScene().getRoot().getStyleClass()).contains(Theme.DARK_CLASS);
        assertThat(javafx.application.Application.getUserAgentStylesheet()).containsIgnoringCase("primer-dark");
        assertThat(Theme.remembered(PREFS)).isEqualTo(Theme.DARK);

        Stage[] second = new Stage[1];
        robot.interact(() -> {
            Theme.LIGHT.apply(); // as at a new start, before the window reads the preference
            second[0] = new Stage();
            MainWindow next = new MainWindow(second[0], app -> List.of(), PREFS);
            assertThat(next.stage().getScene().getRoot().getStyleClass()).contains(Theme.DARK_CLASS);
        });
        assertThat(Theme.current()).isEqualTo(Theme.DARK);
        FxClicks.on(robot, "View");
        CheckMenuItem dark = (CheckMenuItem) window.stage().getScene().getRoot().lookupAll(".menu-bar").stream().findFirst()
                .map(bar -> ((javafx.scene.control.MenuBar) bar).getMenus().get(1).getItems().stream()
                        .filter(i -> "menu-dark-theme".equals(i.getId())).findFirst().orElseThrow()).orElseThrow();
        assertThat(dark.isSelected()).isTrue();
        FxClicks.on(robot, "Dark theme");
        assertThat(Theme.remembered(PREFS)).isEqualTo(Theme.LIGHT);
        assertThat(window.stage().getScene().getRoot().getStyleClass()).doesNotContain(Theme.DARK_CLASS);
    }

    @Test
    void helpListsTheKeyboardShortcuts(FxRobot robot) throws Exception {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null);
        FxClicks.on(robot, "Help");
        FxClicks.on(robot, "Keyboard shortcuts");
        FxWait.until(5, TimeUnit.SECONDS, () -> robot.lookup("#shortcutsGrid").tryQuery().isPresent());
        GridPane grid = robot.lookup("#shortcutsGrid").queryAs(GridPane.class);
        List<String> texts = grid.getChildren().stream().map(n -> ((Label) n).getText()).toList();
        assertThat(texts).contains("Ctrl+1 … Ctrl+7", "Ctrl+Enter", "Esc", "Ctrl+F", "F5");
        FxClicks.on(robot, "OK");
    }

    @Test
    void badInputIsOneSentenceAndAnythingElseHasItsStackTraceBehindDetails(FxRobot robot) {
        robot.interact(() -> {
            Dialog<ButtonType> input = ErrorDialog.build(null, "Cannot run", new InputException("series.csv, line 3: 'x' is not a number"));
            assertThat(input).isNotInstanceOf(ExceptionDialog.class);
            assertThat(input.getContentText()).isEqualTo("series.csv, line 3: 'x' is not a number");
            assertThat(input.getDialogPane().getExpandableContent()).isNull();

            Dialog<ButtonType> bug = ErrorDialog.build(null, "Cannot run", new IllegalStateException("the store is closed"));
            assertThat(bug).isInstanceOf(ExceptionDialog.class);
            assertThat(bug.getContentText()).isEqualTo("the store is closed");
            assertThat(bug.getDialogPane().getExpandableContent()).isNotNull();
            String details = bug.getDialogPane().getExpandableContent().lookupAll(".text-area").stream()
                    .map(n -> ((javafx.scene.control.TextArea) n).getText()).findFirst().orElse("");
            assertThat(details).contains("IllegalStateException: the store is closed").contains("at org.riskbench");
        });
    }
}
