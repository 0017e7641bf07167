package org.riskbench.ui.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.app.InboxService;
import org.riskbench.engine.intake.ColumnProfile;
import org.riskbench.engine.intake.ColumnType;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.intake.Problem;
import org.riskbench.engine.intake.SyntheticTransactions;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.TestWindows;
import org.riskbench.ui.shell.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class InferenceScreenTest {
    private static Path workspace;
    private static MainWindow window;
    private static volatile InferenceScreen screen;
    private static volatile java.util.function.Consumer<List<Path>> windowDropHandler;

    @Start
    void start(Stage stage) throws Exception {
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        workspace = Files.createTempDirectory("riskbench-inference-gui");
        window = TestWindows.open(stage, workspace, app -> {
            screen = new InferenceScreen(app.inbox(), app.models(), app.scoring(), app.sparkInference(), app.root());
            return List.of(screen);
        });
        // As the composition root does: files dropped on the window go to the screen.
        windowDropHandler = files -> screen.filesDropped(files);
        window.setDropHandler(windowDropHandler);
    }

    @AfterAll
    static void closeWorkspace() {
        TestWindows.close(window);
    }

    private static InferenceViewModel awaitScreen(FxRobot robot) throws TimeoutException {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null && screen != null
                && robot.lookup("#previewTable").tryQuery().isPresent());
        return screen.viewModel();
    }

    private static Path goodFile(String name) throws Exception {
        Path file = Files.createTempDirectory("riskbench-upload").resolve(name);
        SyntheticTransactions.write(file, 120, 11, SyntheticTransactions.Dialect.EN);
        return file;
    }

    /** Line 5 has two fields too many; column 'reference' is numbers except 'abc-6' (line 8) and 'abc-7'. */
    private static Path brokenFile() throws Exception {
        StringBuilder s = new StringBuilder("customer_id,amount,date,operation_type,sector,reference\n");
        for (int i = 0; i < 30; i++) {
            String ref = i == 6 || i == 7 ? "abc-" + i : String.valueOf(1000 + i);
            s.append(String.format("C%03d,%d.50,2024-03-%02d,transferencia,comercio,%s", i % 5, 100 + i * 7, 1 + i % 28, ref));
            s.append(i == 3 ? ",extra,fields\n" : "\n");
        }
        Path file = Files.createTempDirectory("riskbench-upload").resolve("broken.csv");
        Files.writeString(file, s, StandardCharsets.UTF_8);
        return file;
    }

    private static UploadItem item(InferenceViewModel vm, String name) {
        return vm.files().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    private static boolean settled(UploadItem item) {
        UploadItem.State s = item.stateProperty().get();
        return s != UploadItem.State.WAITING && s != UploadItem.State.INSPECTING;
    }

    @SuppressWarnings("unchecked")
    @Test
    void dropShowsPreviewTypesAndProblemsAndConfirmedFileEndsProcessedInTheInbox(FxRobot robot) throws Exception {
        InferenceViewModel vm = awaitScreen(robot);
        assertThat(robot.lookup("Drop a CSV of transactions here (try sample-data/transactions/transactions.csv)").tryQuery()).isPresent();
        // one drop zone and one Choose files… button (there were two of each), and the chooser opens in the samples
        assertThat(robot.lookup(".drop-zone").queryAll().stream().filter(Node::isVisible)).hasSize(1);
        assertThat(robot.lookup(n -> n instanceof Button b && "Choose files…".equals(b.getText())).queryAll()).hasSize(1);
        assertThat(InferenceController.initialFolder()).isEqualTo(Path.of("sample-data/transactions").toAbsolutePath());
        Path good = goodFile("good.csv");
        Path broken = brokenFile();

        robot.interact(() -> windowDropHandler.accept(List.of(good, broken)));
        FxWait.until(30, TimeUnit.SECONDS, () -> vm.files().size() == 2 && vm.files().stream().allMatch(InferenceScreenTest::settled));
        UploadItem goodItem = item(vm, "good.csv");
        UploadItem brokenItem = item(vm, "broken.csv");
        assertThat(goodItem.stateProperty().get()).isEqualTo(UploadItem.State.ACCEPTED);
        assertThat(brokenItem.stateProperty().get()).isEqualTo(UploadItem.State.REFUSED);
        assertThat(brokenItem.messageProperty().get()).startsWith("Refused: 1 of 30 data rows");
        WaitForAsyncUtils.waitForFxEvents();

        // The good file is shown first: preview rows with their line numbers, the inferred types in the headers and the side table.
        TableView<InspectionReport.PreviewRow> preview = robot.lookup("#previewTable").queryAs(TableView.class);
        assertThat(preview.getItems()).hasSize(50);
        assertThat(preview.getItems().get(0).line()).isEqualTo(2);
        assertThat(preview.getColumns()).hasSize(1 + 8);
        assertThat(preview.getColumns().get(0).getText()).isEqualTo("Line");
        TableView<ColumnProfile> columns = robot.lookup("#columnsTable").queryAs(TableView.class);
        assertThat(columns.getItems()).extracting(ColumnProfile::name).startsWith("customer_id", "amount", "date");
        assertThat(columns.getItems().get(1).type()).isEqualTo(ColumnType.DECIMAL);
        assertThat(columns.getItems().get(2).type()).isEqualTo(ColumnType.DATE);
        assertThat(robot.lookup(".col-header-type").queryAllAs(Label.class)).extracting(Label::getText).contains("decimal", "date · yyyy-MM-dd");
        assertThat(robot.lookup("#detectionLabel").queryAs(Label.class).getText()).contains("Encoding UTF-8", "delimiter comma", "120 data rows");
        assertThat(robot.lookup("#confirmButton").queryAs(Button.class).isDisabled()).isFalse();

        // The refused file: problems with their lines; it cannot be confirmed.
        robot.interact(() -> vm.selectedProperty().set(brokenItem));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#confirmButton").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(org.riskbench.testsupport.Elision.elided(robot.lookup("#confirmButton").queryAs(Button.class)))
                .as("Confirm beside a refusal's long verdict").isFalse();
        robot.interact(vm::confirm);
        assertThat(brokenItem.stateProperty().get()).isEqualTo(UploadItem.State.REFUSED);
        TableView<Problem> problems = robot.lookup("#problemsTable").queryAs(TableView.class);
        assertThat(problems.getItems()).extracting(Problem::severity, Problem::line)
                .contains(org.assertj.core.groups.Tuple.tuple(Problem.Severity.ERROR, 5L),
                        org.assertj.core.groups.Tuple.tuple(Problem.Severity.WARNING, 8L));
        assertThat(columns.getItems().get(5).type()).isEqualTo(ColumnType.TEXT);

        // A click on the mixed-type warning selects line 8 in the preview.
        int warning = indexOf(problems, Problem.Severity.WARNING);
        robot.interact(() -> problems.scrollTo(warning));
        FxClicks.on(robot, rowOf(robot, problems, warning));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(preview.getSelectionModel().getSelectedItem()).isNotNull();
        assertThat(preview.getSelectionModel().getSelectedItem().line()).isEqualTo(8);
        assertThat(robot.lookup("#previewNote").queryAs(Label.class).getText()).isEqualTo("Line 8 selected in the preview.");

        // The unreadable row at line 5 is not in the preview: the screen says so.
        int error = indexOf(problems, Problem.Severity.ERROR);
        FxClicks.on(robot, rowOf(robot, problems, error));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(preview.getSelectionModel().getSelectedItem()).isNull();
        assertThat(robot.lookup("#previewNote").queryAs(Label.class).getText()).contains("Line 5").contains("preview");

        // Confirm the good one; it is enriched, processed by an inference job, and the inbox shows it processed.
        robot.interact(() -> vm.selectedProperty().set(goodItem));
        WaitForAsyncUtils.waitForFxEvents();
        FxClicks.on(robot, "#confirmButton");
        FxWait.until(60, TimeUnit.SECONDS, () -> goodItem.stateProperty().get() == UploadItem.State.PROCESSED);
        String id = goodItem.analysisId();
        // its results open by themselves (it said "see the inbox")
        javafx.scene.control.TabPane tabPane = robot.lookup("#tabs").queryAs(javafx.scene.control.TabPane.class);
        FxWait.until(30, TimeUnit.SECONDS, () -> tabPane.getSelectionModel().getSelectedItem().getText().equals("Results")
                && vm.results().items().size() == 120);
        assertThat(goodItem.messageProperty().get()).doesNotContain("see the inbox");
        robot.interact(() -> robot.lookup("#tabs").queryAs(javafx.scene.control.TabPane.class).getSelectionModel().select(1));
        TableView<InboxService.Entry> inbox = robot.lookup("#inboxTable").queryAs(TableView.class);
        FxWait.until(15, TimeUnit.SECONDS, () -> inbox.getItems().stream()
                .anyMatch(e -> e.analysisId().equals(id) && e.state().equals("processed") && e.rows() == 120));
        assertThat(vm.inboxSummaryProperty().get()).contains("1 processed");

        // Open result opens the Results tab, and the inbox's side pane shows the summary JSON, pretty.
        FxWait.until(10, TimeUnit.SECONDS, () -> robot.lookup(id).tryQuery().isPresent());
        FxClicks.on(robot, id);
        FxClicks.on(robot, "#openResultButton");
        TextArea result = robot.lookup("#resultArea").queryAs(TextArea.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> result.getText().contains("\"analysis_id\" : \"" + id + "\""));
        assertThat(result.getText()).contains("\"counts\"").doesNotContain("\"rows\" : [");
        FxWait.until(30, TimeUnit.SECONDS, () -> vm.results().resultsProperty().get() != null);
        assertThat(robot.lookup("#tabs").queryAs(javafx.scene.control.TabPane.class).getSelectionModel().getSelectedItem().getText())
                .isEqualTo("Results");
        assertThat(vm.results().items()).hasSize(120);
    }

    private static int indexOf(TableView<Problem> problems, Problem.Severity severity) {
        for (int i = 0; i < problems.getItems().size(); i++) {
            if (problems.getItems().get(i).severity() == severity) {
                return i;
            }
        }
        throw new AssertionError("no " + severity + " problem");
    }

    private static Node rowOf(FxRobot robot, TableView<Problem> table, int index) {
        return robot.lookup(".table-row-cell").match(n -> n instanceof TableRow<?> r && r.getTableView() == table
                && r.getIndex() == index && r.getItem() != null).query();
    }

    @Test
    void aRulesFileIsCheckedThenUsedAndDefaultsComeBack(FxRobot robot) throws Exception {
        InferenceViewModel vm = awaitScreen(robot);
        Path dir = Files.createTempDirectory("riskbench-rules");
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "rules:\n  cash_limit:\n    min_clas: inusual\n");
        Path strict = Files.writeString(dir.resolve("strict.yaml"), "rules:\n  reporting_threshold:\n    min_class: preocupante\n");
        Label rules = robot.lookup("#rulesLabel").queryAs(Label.class);
        Label error = robot.lookup("#rulesError").queryAs(Label.class);
        assertThat(rules.getText()).startsWith("Bundled defaults");

        robot.interact(() -> vm.useRules(typo));
        FxWait.until(10, TimeUnit.SECONDS, error::isVisible);
        assertThat(error.getText()).contains("typo.yaml", "rules.cash_limit.min_clas");
        assertThat(rules.getText()).startsWith("Bundled defaults");

        robot.interact(() -> vm.useRules(strict));
        FxWait.until(10, TimeUnit.SECONDS, () -> rules.getText().equals("From strict.yaml"));
        assertThat(error.isVisible()).isFalse();
        assertThat(window.app().scoring().guardrails().rules()).containsOnlyKeys("reporting_threshold");

        FxClicks.on(robot, "#rulesResetButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(rules.getText()).startsWith("Bundled defaults");
        assertThat(window.app().scoring().guardrailsSource()).isEqualTo(org.riskbench.app.ScoringStage.BUNDLED_RULES);
    }
}
