package org.riskbench.ui.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.app.AppContext;
import org.riskbench.app.RunComparison;
import org.riskbench.app.TrackedRun;
import org.riskbench.engine.scenario.ScenarioConfig;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.TestWindows;
import org.riskbench.ui.shell.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class RunsScreenTest {
    // ids as the app makes them, started a few seconds apart: the same kind, day and minute
    private static final String SEED42 = "scenario-20261205-222329-a1b2c3";
    private static final String SEED7 = "scenario-20261205-222341-d4e5f6";
    private static Path workspace;
    private static MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        workspace = Files.createTempDirectory("riskbench-runs-gui");
        // Two scenario runs with different seeds, made through the services as the GUI or CLI would.
        try (AppContext app = AppContext.open(workspace, 1)) {
            ScenarioConfig config = app.scenarios().load(Path.of("sample-data/scenarios/synthetic.json"));
            for (int seed : new int[] {42, 7}) {
                java.util.Map<String, Object> map = new java.util.LinkedHashMap<>(config.toMap());
                map.put("seed", seed);
                map.put("output_dir", workspace.resolve("scenario-out").resolve("seed" + seed).toString());
                app.scenarios().submit(ScenarioConfig.fromMap(map), seed == 42 ? SEED42 : SEED7, 1).await();
            }
        }
        window = TestWindows.open(stage, workspace, app -> List.of(new RunsScreen(app, path -> { })));
    }

    @AfterAll
    static void closeWorkspace() {
        TestWindows.close(window);
    }

    @SuppressWarnings("unchecked")
    @Test
    void queryFiltersCompareShowsTheDiffAndSelectingARunListsItsArtifacts(FxRobot robot) throws Exception {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null && robot.lookup("#table").tryQuery().isPresent());
        TableView<RunRow> table = robot.lookup("#table").queryAs(TableView.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> table.getItems().size() == 2);
        // The most common metrics are shown as columns from the start.
        assertThat(table.getColumns()).hasSizeGreaterThan(6);

        // A query error is shown inline with its position, and the table keeps its rows.
        FxClicks.on(robot, "#queryField").write("params.seed >");
        Label error = robot.lookup("#queryError").queryAs(Label.class);
        FxWait.until(5, TimeUnit.SECONDS, () -> error.getText().startsWith("query:1:14: expected a value after '>'"));

        robot.write(" 10");
        FxWait.until(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1
                && table.getItems().get(0).id().equals(SEED42));
        assertThat(error.getText()).isEmpty();

        robot.interact(() -> robot.lookup("#queryField").queryTextInputControl().setText(""));
        FxWait.until(10, TimeUnit.SECONDS, () -> table.getItems().size() == 2);

        // Selecting one run lists its artifacts; a CSV previews as a table.
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(r -> r.id().equals(SEED7)).findFirst().orElseThrow())); // not a click by text: the table refreshes live
        ListView<TrackedRun.Artifact> artifacts = robot.lookup("#artifactList").queryAs(ListView.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> artifacts.getItems().stream()
                .anyMatch(a -> a.path().equals("runs.csv")));
        assertThat(artifacts.getItems()).extracting(TrackedRun.Artifact::path).contains("summary.json", "metadata.json");
        robot.interact(() -> artifacts.getSelectionModel().select(artifacts.getItems().stream()
                .filter(a -> a.path().equals("runs.csv")).findFirst().orElseThrow()));
        TableView<List<String>> csv = robot.lookup("#csvTable").queryAs(TableView.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> csv.isVisible() && csv.getItems().size() == 10);

        // Selecting both and Compare shows the seed as the differing parameter and a chart per metric.
        robot.interact(() -> table.getSelectionModel().selectAll());
        FxClicks.on(robot, "#compareButton");
        TableView<RunComparison.Row> diff = robot.lookup("#diffTable").queryAs(TableView.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> !diff.getItems().isEmpty());
        assertThat(diff.getItems()).extracting(RunComparison.Row::key).contains("seed").doesNotContain("shock_sd");
        assertThat(robot.lookup(".metric-chart").queryAll()).isNotEmpty().allMatch(n -> n instanceof BarChart);
        // long run ids are shown by their distinctive tail, short enough to sit under a bar
        @SuppressWarnings("unchecked")
        BarChart<String, Number> first = (BarChart<String, Number>) robot.lookup(".metric-chart").queryAll().iterator().next();
        assertThat(first.getData().get(0).getData()).extracting(XYChart.Data::getXValue).allMatch(label -> label.length() <= 16);
        // ... and the two columns can be told apart: different labels, drawn whole (both read "…-2223…" when cut)
        WaitForAsyncUtils.waitForFxEvents();
        Label h0 = robot.lookup("#compare-header-0").queryAs(Label.class);
        Label h1 = robot.lookup("#compare-header-1").queryAs(Label.class);
        assertThat(List.of(h0.getText(), h1.getText())).containsExactlyInAnyOrder("\u2026222329-a1b2c3", "\u2026222341-d4e5f6");
        assertThat(org.riskbench.testsupport.Elision.elided(h0)).as(h0.getText()).isFalse();
        assertThat(org.riskbench.testsupport.Elision.elided(h1)).as(h1.getText()).isFalse();
        // run ids in the table are whole too, not cut from the left
        List<String> cutIds = robot.from(table).lookup(".id-column").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.TableCell<?, ?> c && c.getText() != null)
                .filter(n -> org.riskbench.testsupport.Elision.elided((javafx.scene.control.TableCell<?, ?>) n))
                .map(n -> ((javafx.scene.control.TableCell<?, ?>) n).getText()).toList();
        assertThat(cutIds).isEmpty();
        assertThat(org.riskbench.testsupport.Elision.cutHeaders(table)).isEmpty();
    }

    @Test
    void shortLabelsKeepTheTailOfLongIdsUnlessTwoCollide() {
        assertThat(RunsController.shortLabels(java.util.List.of("retraining-20261201-222329-2683c1", "seed7")))
                .containsExactly("\u2026-222329-2683c1", "seed7");
        assertThat(RunsController.shortLabels(java.util.List.of("a-long-prefix-000000000000001", "another-prefix-000000000000001")))
                .containsExactly("a-long-prefix-000000000000001", "another-prefix-000000000000001");
        // ids of one kind and minute: what follows their common start
        assertThat(RunsController.shortLabels(java.util.List.of("replay-20261205-222329-2683c1", "replay-20261205-222345-aa12bc")))
                .containsExactly("\u2026222329-2683c1", "\u2026222345-aa12bc");
    }
}
