package org.riskbench.ui.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.app.AppContext;
import org.riskbench.app.InboxService;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.SyntheticTransactions;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.TestWindows;
import org.riskbench.ui.shell.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Results tab on a processed 300-row file: counts, class filter, per-row reasons, feedback. */
@ExtendWith(ApplicationExtension.class)
class InferenceResultsTest {
    private static final List<String> CLASSES = List.of("limpio", "relevante", "inusual", "preocupante");
    private static MainWindow window;
    private static volatile InferenceScreen screen;

    @Start
    void start(Stage stage) throws Exception {
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        Path workspace = Files.createTempDirectory("riskbench-inference-results");
        stage.setWidth(1400);
        stage.setHeight(900);
        window = TestWindows.open(stage, workspace, app -> {
            screen = new InferenceScreen(app.inbox(), app.models(), app.scoring(), app.sparkInference(), app.root());
            return List.of(screen);
        });
    }

    @AfterAll
    static void closeWorkspace() {
        TestWindows.close(window);
    }

    @SuppressWarnings("unchecked")
    @Test
    void resultsShowCountsFilterReasonsAndStoreFeedback(FxRobot robot) throws Exception {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null && screen != null
                && robot.lookup("#inboxTable").tryQuery().isPresent());
        AppContext app = window.app();
        Path file = Files.createTempDirectory("riskbench-upload").resolve("three-hundred.csv");
        SyntheticTransactions.write(file, 300, 7, SyntheticTransactions.Dialect.EN);
        // Process it here, off the FX thread (the first scoring trains the default model: several seconds).
        String id = app.inbox().submit(file, IntakeOptions.defaults(), Progress.NONE).analysisId();
        assertThat(app.inbox().drain(Progress.NONE).processed()).containsExactly(id);
        JsonNode counts = Json.MAPPER.readTree(app.inbox().resultFile(id).toFile()).path("scoring").path("counts");

        // Inbox > select the analysis > Open result: the Results tab opens it.
        InferenceViewModel vm = screen.viewModel();
        robot.interact(() -> robot.lookup("#tabs").queryAs(TabPane.class).getSelectionModel().select(1));
        robot.interact(vm::refreshInbox);
        FxWait.until(15, TimeUnit.SECONDS, () -> robot.lookup(id).tryQuery().isPresent());
        FxClicks.on(robot, id);
        FxClicks.on(robot, "#openResultButton");
        ResultsViewModel results = vm.results();
        FxWait.until(30, TimeUnit.SECONDS, () -> results.resultsProperty().get() != null
                && id.equals(results.resultsProperty().get().analysisId()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#tabs").queryAs(TabPane.class).getSelectionModel().getSelectedIndex()).isEqualTo(2);
        TableView<ResultItem> table = robot.lookup("#resultsTable").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(300);

        // The chips' counts are the JSON summary's, in severity order.
        long sum = 0;
        for (String c : CLASSES) {
            long expected = counts.path(c).asLong();
            sum += expected;
            assertThat(robot.lookup("#count-" + c).queryAs(Label.class).getText()).as(c).isEqualTo(String.valueOf(expected));
        }
        assertThat(sum).isEqualTo(300);
        assertThat(robot.lookup("#classChips").queryAs(javafx.scene.layout.FlowPane.class).getChildren())
                .extracting(javafx.scene.Node::getId).containsExactly("chip-all", "chip-limpio", "chip-relevante", "chip-inusual", "chip-preocupante");

        // Filtering by a class (the rarest one present) shows only that class.
        String rare = CLASSES.stream().filter(c -> counts.path(c).asLong() > 0)
                .min(java.util.Comparator.comparingLong(c -> counts.path(c).asLong())).orElseThrow();
        FxClicks.on(robot, "#chip-" + rare);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).hasSize((int) counts.path(rare).asLong());
        assertThat(table.getItems()).allMatch(i -> i.row().finalClass().equals(rare));
        FxClicks.on(robot, "#chip-" + rare);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).hasSize(300);

        // The text filter narrows to one customer's rows.
        String customer = table.getItems().get(0).row().customer();
        robot.interact(() -> results.textFilterProperty().set(customer));
        assertThat(table.getItems()).isNotEmpty().allMatch(i -> i.row().customer().equals(customer));
        robot.interact(() -> results.textFilterProperty().set(""));

        // Selecting a row (one with a guardrail, if any fired) shows its probabilities and guardrails.
        int index = 0;
        for (int i = 0; i < table.getItems().size(); i++) {
            if (!table.getItems().get(i).row().guardrails().isEmpty()) {
                index = i;
                break;
            }
        }
        int chosen = index;
        robot.interact(() -> {
            table.scrollTo(chosen);
            table.getSelectionModel().clearAndSelect(chosen);
        });
        ResultItem item = table.getItems().get(chosen);
        javafx.scene.layout.VBox bars = robot.lookup("#probBars").queryAs(javafx.scene.layout.VBox.class);
        assertThat(bars.getChildren()).hasSize(4);
        String firstProbability = String.format(java.util.Locale.ROOT, "%.3f", item.row().probabilities()[0]);
        assertThat(robot.from(bars).lookup(".prob-value").queryAllAs(Label.class)).extracting(Label::getText).contains(firstProbability);
        List<String> guardTexts = robot.from(robot.lookup("#guardrailsBox").queryAs(javafx.scene.Node.class)).lookup(".label").queryAllAs(Label.class)
                .stream().map(Label::getText).toList();
        if (item.row().guardrails().isEmpty()) {
            assertThat(guardTexts).containsExactly("No guardrail fired on this row.");
        } else {
            assertThat(guardTexts).contains(item.row().guardrails().get(0));
            assertThat(guardTexts).anyMatch(t -> t.contains("at least"));
        }

        // the histogram says which colour is which class
        assertThat(robot.lookup("#histogramLegend").queryAs(javafx.scene.layout.HBox.class).getChildren())
                .extracting(n -> ((Label) n).getText()).containsExactlyElementsOf(CLASSES);

        // "Set class" stores the true class (read back through the app) and the row shows it.
        javafx.scene.Node chips = robot.lookup("#classChips").query();
        WaitForAsyncUtils.waitForFxEvents();
        double chipsY = chips.localToScene(chips.getLayoutBounds()).getMinY();
        String other = CLASSES.stream().filter(c -> !c.equals(item.row().finalClass())).findFirst().orElseThrow();
        robot.interact(() -> robot.lookup("#setClassCombo").queryAs(ComboBox.class).setValue(other));
        FxClicks.on(robot, "#setClassButton");
        FxWait.until(15, TimeUnit.SECONDS, () -> other.equals(item.trueClassProperty().get()));
        assertThat(app.models().feedbackOf(id)).containsEntry(item.row().row(), other);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#trueClassLabel").queryAs(Label.class).getText()).isEqualTo("True class recorded: " + other);
        assertThat(results.messageProperty().get()).isNotEmpty();
        assertThat(chips.localToScene(chips.getLayoutBounds()).getMinY()).as("the cards stay put when the message shows (they dropped 25 px)")
                .isEqualTo(chipsY);
        assertThat(robot.lookup(".class-badge").queryAllAs(Label.class).stream()
                .filter(l -> l.getParent() instanceof javafx.scene.control.TableCell<?, ?> cell
                        && "colTrueClass".equals(cell.getTableColumn().getId()) && cell.getIndex() == chosen)
                .map(Label::getText)).containsExactly(other);

        // "Mark correct" replaces it with the predicted class.
        FxClicks.on(robot, "#markCorrectButton");
        FxWait.until(15, TimeUnit.SECONDS, () -> item.row().finalClass().equals(item.trueClassProperty().get()));
        assertThat(app.models().feedbackOf(id)).containsEntry(item.row().row(), item.row().finalClass());

        // Import a feedback CSV: a bad file names its first bad line and stores nothing; a good one says how many rows.
        Path bad = Files.createTempDirectory("riskbench-feedback").resolve("bad.csv");
        Files.writeString(bad, "analysis_id,row,true_class\n" + id + ",1,limpio\n" + id + ",2,grave\n", StandardCharsets.UTF_8);
        robot.interact(() -> results.importFeedback(bad));
        FxWait.until(15, TimeUnit.SECONDS, () -> results.messageProperty().get().startsWith("Nothing imported"));
        assertThat(results.messageProperty().get()).contains("bad.csv:3").contains("grave");
        Path good = bad.resolveSibling("good.csv");
        long r1 = table.getItems().get(1).row().row();
        long r2 = table.getItems().get(2).row().row();
        Files.writeString(good, "analysis_id,row,true_class\n" + id + "," + r1 + ",preocupante\n" + id + "," + r2 + ",inusual\n",
                StandardCharsets.UTF_8);
        robot.interact(() -> table.getSelectionModel().select(1)); // the row r1 is shown while its feedback is imported
        robot.interact(() -> results.importFeedback(good));
        FxWait.until(15, TimeUnit.SECONDS, () -> results.messageProperty().get().startsWith("Imported"));
        assertThat(results.messageProperty().get()).isEqualTo("Imported 2 feedback rows from good.csv.");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(results.items().stream().filter(i -> i.row().row() == r1).findFirst().orElseThrow().trueClassProperty().get())
                .isEqualTo("preocupante");
        assertThat(robot.lookup("#setClassCombo").queryAs(ComboBox.class).getValue()).isEqualTo("preocupante");
    }
}
