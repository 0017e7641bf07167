package org.riskbench.ui.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.app.AppContext;
import org.riskbench.app.ReplayService;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.TestWindows;
import org.riskbench.ui.shell.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The metric columns of the runs table follow the kind filter, until the user picks columns. */
@ExtendWith(ApplicationExtension.class)
class RunsColumnsTest {
    private static MainWindow window;
    private static RunsScreen screen;

    @Start
    void start(Stage stage) throws Exception {
        Path workspace = Files.createTempDirectory("riskbench-runs-columns");
        try (AppContext app = AppContext.open(workspace, 1)) {
            app.scenarios().submit(app.scenarios().load(Path.of("sample-data/scenarios/synthetic.json")), "scen-1", 1).await();
            app.replays().submit(new ReplayService.ReplayRequest(Path.of("sample-data/series/synthetic-regime.csv"),
                    Path.of("sample-data/profiles/default.yaml"), null, null, workspace.resolve("replay"), "replay-1")).await();
        }
        window = TestWindows.open(stage, workspace, app -> {
            screen = new RunsScreen(app, path -> { });
            return List.of(screen);
        });
    }

    @AfterAll
    static void closeWorkspace() {
        TestWindows.close(window);
    }

    @Test
    void metricColumnsFollowTheKindShownUntilTheUserPicksColumns(FxRobot robot) throws Exception {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null && robot.lookup("#table").tryQuery().isPresent());
        TableView<?> table = robot.lookup("#table").queryAs(TableView.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> table.getItems().size() == 2);
        RunsViewModel vm = screen.viewModel();

        robot.interact(() -> vm.kindFilterProperty().set("replay"));
        FxWait.until(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1 && !vm.chosenColumns().isEmpty());
        List<String> replayColumns = List.copyOf(vm.chosenColumns());
        assertThat(replayColumns).allMatch(c -> c.startsWith("metrics.")).contains("metrics.coverage_empirical");

        robot.interact(() -> vm.kindFilterProperty().set("scenario"));
        FxWait.until(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1
                && !vm.chosenColumns().isEmpty() && !vm.chosenColumns().equals(replayColumns));
        assertThat(vm.chosenColumns()).doesNotContain("metrics.coverage_empirical");

        // a query that shows only replays: the columns follow it too (they stayed on the kinds shown before)
        robot.interact(() -> vm.kindFilterProperty().set(RunsViewModel.ALL));
        FxWait.until(10, TimeUnit.SECONDS, () -> table.getItems().size() == 2);
        robot.interact(() -> vm.queryProperty().set("kind = 'replay'"));
        FxWait.until(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1
                && vm.chosenColumns().equals(replayColumns));

        // once the user picks a column, the filter leaves the columns alone
        robot.interact(() -> vm.chooseColumn("metrics.coverage_empirical", true));
        List<String> chosen = List.copyOf(vm.chosenColumns());
        robot.interact(() -> vm.kindFilterProperty().set("replay"));
        FxWait.until(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.chosenColumns()).containsExactlyElementsOf(chosen);
    }

    @SuppressWarnings("unchecked")
    @Test
    void theColumnsDropDownTicksTheColumnsShownAndATickAddsOne(FxRobot robot) throws Exception {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null && robot.lookup("#table").tryQuery().isPresent());
        TableView<?> table = robot.lookup("#table").queryAs(TableView.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> table.getItems().size() == 2);
        RunsViewModel vm = screen.viewModel();
        org.controlsfx.control.CheckComboBox<String> columns = robot.lookup("#columnsCombo").queryAs(org.controlsfx.control.CheckComboBox.class);
        robot.interact(() -> vm.kindFilterProperty().set("replay"));
        FxWait.until(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1 && !vm.chosenColumns().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(columns.getCheckModel().getCheckedItems()).containsExactlyInAnyOrderElementsOf(vm.chosenColumns());
        String extra = columns.getItems().stream().filter(k -> !vm.chosenColumns().contains(k) && k.startsWith("metrics.")).findFirst().orElseThrow();

        FxClicks.on(robot, "#columnsCombo");
        FxClicks.on(robot, extra);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(vm.chosenColumns()).contains(extra);
        assertThat(table.getColumns().stream().map(javafx.scene.control.TableColumn::getId)).contains("col-" + extra);
        assertThat(columns.getCheckModel().getCheckedItems()).contains(extra);
    }
}
