package org.riskbench.ui.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.app.RetrainingService;
import org.riskbench.engine.learning.Logistic;
import org.riskbench.engine.retraining.RetrainingConfig;
import org.riskbench.engine.scoring.ScoringModel;
import org.riskbench.engine.scoring.Stacking;
import org.riskbench.testsupport.Feedbacks;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.TestWindows;
import org.riskbench.ui.shell.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ModelsScreenTest {
    private static Path workspace;
    private static MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        workspace = Files.createTempDirectory("riskbench-gui-models");
        window = TestWindows.open(stage, workspace, app -> List.of(new ModelsScreen(app.retraining(), false)));
    }

    @AfterAll
    static void closeWorkspace() {
        TestWindows.close(window);
    }

    @SuppressWarnings("unchecked")
    @Test
    void showsTheDefaultModelThenRetrainNowOnConfidentMistakesShowsACompletedRun(FxRobot robot) throws Exception {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null && robot.lookup("#runsTable").tryQuery().isPresent());
        FxWait.until(10, TimeUnit.SECONDS, () -> robot.lookup("No retraining runs yet").tryQuery().isPresent());
        // the empty screen says what a retrain needs before it trains
        assertThat(robot.lookup(n -> n instanceof javafx.scene.control.Label l && l.getText() != null
                && l.getText().startsWith("A retrain needs at least 10 mistakes")).tryQuery()).isPresent();
        TableView<RetrainingService.ModelView> models = robot.lookup("#modelsTable").queryAs(TableView.class);
        TableView<RetrainingService.RunView> runs = robot.lookup("#runsTable").queryAs(TableView.class);

        // scoring trains the default model; 12 confident predictions get another class as feedback
        Feedbacks.scoreAndContradict(window.app(), Files.createTempDirectory("riskbench-gui-models-data"), 300, 12);
        FxWait.until(15, TimeUnit.SECONDS, () -> models.getItems().stream()
                .anyMatch(m -> m.version().startsWith("default-") && m.status().equals("active") && m.macroF1() != null));

        FxClicks.on(robot, "#retrainButton");
        FxWait.until(60, TimeUnit.SECONDS, () -> runs.getItems().stream()
                .anyMatch(r -> r.status().equals("completed") && r.source().equals("manual") && r.modelVersion() != null));
        RetrainingService.RunView run = runs.getItems().get(0);
        assertThat(run.datasetSize()).isEqualTo(12012);
        assertThat(run.reason()).containsPattern("^(promoted|rejected): holdout macro-F1");
        // the header follows the run to its end ...
        javafx.scene.control.Label message = robot.lookup("#messageLabel").queryAs(javafx.scene.control.Label.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> message.getText().startsWith("retraining run " + run.id() + " completed"));
        assertThat(message.getText()).doesNotContain("started");
        // ... and the outcome is read in full: its column inside the table, its reason not cut
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.text.Text outcome = robot.from(runs).lookup((java.util.function.Predicate<javafx.scene.Node>) n
                -> n instanceof javafx.scene.text.Text t && ModelsController.outcome(run).equals(t.getText())).queryAs(javafx.scene.text.Text.class);
        javafx.geometry.Bounds shown = outcome.localToScene(outcome.getBoundsInLocal());
        javafx.geometry.Bounds cell = outcome.getParent().localToScene(outcome.getParent().getLayoutBounds());
        javafx.geometry.Bounds table = runs.localToScene(runs.getLayoutBounds());
        assertThat(shown.getMaxY()).as("the whole reason fits its row: " + run.reason()).isLessThanOrEqualTo(cell.getMaxY() + 1);
        assertThat(shown.getMaxX()).as("inside the table, no scrolling: " + runs.getColumns().stream().map(c -> c.getText() + "=" + c.getWidth()).toList()
                + " table " + table).isLessThanOrEqualTo(Math.min(cell.getMaxX(), table.getMaxX()) + 1);
        assertThat(org.riskbench.testsupport.Elision.cutHeaders(runs)).isEmpty();
        assertThat(org.riskbench.testsupport.Elision.cutHeaders(models)).isEmpty();
        FxWait.until(15, TimeUnit.SECONDS, () -> models.getItems().stream()
                .anyMatch(m -> m.version().equals(run.modelVersion())));
        FxWait.until(10, TimeUnit.SECONDS, () -> robot.lookup(run.modelVersion()).tryQuery().isPresent());
    }

    @SuppressWarnings("unchecked")
    @Test
    void requestRetrainingFilesAPendingRequestAndEachModelShowsPrecisionAndRecallPerClass(FxRobot robot) throws Exception {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null && robot.lookup("#requestsTable").tryQuery().isPresent());
        TableView<RetrainingService.RequestView> requests = robot.lookup("#requestsTable").queryAs(TableView.class);
        int before = requests.getItems().size();
        // within this test's window (a lookup over every window met a node of an earlier test's scene)
        javafx.scene.Parent root = window.stage().getScene().getRoot();

        FxClicks.on(robot, robot.from(root).lookup("#requestButton").queryButton()); // no reason yet: says what to do, files nothing
        FxWait.until(5, TimeUnit.SECONDS, () -> robot.lookup("Write why the model should be retrained, then press"
                + " Request retraining.").tryQuery().isPresent());
        FxClicks.on(robot, robot.from(root).lookup("#requestReasonField").<javafx.scene.Node>query()).write("new structuring pattern since May");
        FxClicks.on(robot, robot.from(root).lookup("#requestButton").queryButton());

        FxWait.until(10, TimeUnit.SECONDS, () -> requests.getItems().size() == before + 1);
        RetrainingService.RequestView filed = requests.getItems().stream()
                .filter(r -> "new structuring pattern since May".equals(r.reason())).findFirst().orElseThrow();
        assertThat(filed.status()).isEqualTo("pending");
        assertThat(filed.priority()).isEqualTo("normal");
        assertThat(filed.requestedBy()).isEqualTo(System.getProperty("user.name"));
        assertThat(robot.lookup("#requestReasonField").queryTextInputControl().getText()).isEmpty();
        // the next run that takes requests runs it
        window.app().retraining().processRequests(RetrainingConfig.defaults());
        FxWait.until(15, TimeUnit.SECONDS, () -> requests.getItems().stream()
                .anyMatch(r -> r.id() == filed.id() && "completed".equals(r.status()) && r.runId() != null));

        TableView<RetrainingService.ModelView> models = robot.lookup("#modelsTable").queryAs(TableView.class);
        assertThat(models.getColumns()).anyMatch(c -> c.getText().equals("Precision / recall per class"));
        Feedbacks.scoreAndContradict(window.app(), Files.createTempDirectory("riskbench-gui-models-data"), 300, 0);
        FxWait.until(15, TimeUnit.SECONDS, () -> models.getItems().stream().anyMatch(m -> m.perClass().size() == 4));
        RetrainingService.ModelView model = models.getItems().stream().filter(m -> m.perClass().size() == 4).findFirst().orElseThrow();
        assertThat(model.perClass()).extracting(RetrainingService.ClassScore::name)
                .containsExactly("limpio", "relevante", "inusual", "preocupante");
        // drawn as wrapped text in its cell (the whole of it, not cut)
        // (looked up on the FX thread: the table's cells change while it refreshes)
        java.util.concurrent.atomic.AtomicBoolean shown = new java.util.concurrent.atomic.AtomicBoolean();
        FxWait.until(15, TimeUnit.SECONDS, () -> {
            robot.interact(() -> shown.set(robot.lookup(n -> n instanceof javafx.scene.text.Text t && t.getText() != null
                    && t.getText().matches("limpio [01]\\.\\d\\d / [01]\\.\\d\\d  ·  relevante .*")).tryQuery().isPresent()));
            return shown.get();
        });
    }

    @SuppressWarnings("unchecked")
    @Test
    void activateSelectedRefusesARejectedModelWithAReadableDialog(FxRobot robot) throws Exception {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null && robot.lookup("#modelsTable").tryQuery().isPresent());
        RetrainingService service = window.app().retraining();
        Feedbacks.scoreAndContradict(window.app(), Files.createTempDirectory("riskbench-gui-models-data"), 300, 12);
        // a candidate that always says the first class: rejected
        service.useTrainer((cur, d, valid, l, cfg, p) -> {
            Logistic m = cur.stacking().meta();
            double[][] w = new double[m.weights().length][m.weights()[0].length];
            w[0][w[0].length - 1] = 10;
            return new ScoringModel(cur.alignment(), cur.classes(), new Stacking(cur.stacking().logistic(), cur.stacking().forest(),
                    new Logistic(m.mean(), m.scale(), w)), cur.isolation(), cur.clusters(), null);
        });
        RetrainingService.Started s = service.retrain("manual", RetrainingConfig.defaults().withReplaySize(500), "test");
        s.job().await();
        String rejected = service.run(s.runId()).orElseThrow().modelVersion();

        TableView<RetrainingService.ModelView> models = robot.lookup("#modelsTable").queryAs(TableView.class);
        FxWait.until(15, TimeUnit.SECONDS, () -> models.getItems().stream()
                .anyMatch(m -> m.version().equals(rejected) && m.status().equals("rejected")));
        robot.interact(() -> models.getSelectionModel().select(models.getItems().stream()
                .filter(m -> m.version().equals(rejected)).findFirst().orElseThrow()));
        FxClicks.on(robot, "#activateButton");

        FxWait.until(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(dialog.getContentText()).startsWith("model " + rejected + " was rejected: holdout macro-F1")
                .contains("it stays inactive");
        assertThat(dialog.getExpandableContent()).as("no stack trace for a refusal").isNull();
        robot.interact(() -> ((javafx.stage.Stage) dialog.getScene().getWindow()).close());
        assertThat(service.models().stream().filter(m -> m.version().equals(rejected)).findFirst().orElseThrow().status())
                .isEqualTo("rejected");
        // Roll back is offered only when a retired (never a rejected) version exists to go back to
        boolean retiredExists = service.models().stream().anyMatch(m -> "retired".equals(m.status()));
        FxWait.until(10, TimeUnit.SECONDS,
                () -> robot.lookup("#rollbackButton").queryButton().isDisabled() == !retiredExists);
    }
}
