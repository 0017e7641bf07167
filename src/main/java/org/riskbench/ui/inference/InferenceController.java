package org.riskbench.ui.inference;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.riskbench.app.InboxService;
import org.riskbench.engine.intake.ColumnProfile;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.intake.Problem;
import org.riskbench.ui.shell.ErrorDialog;

/** Thin controller of InferenceView.fxml: binds the view to {@link InferenceViewModel}. */
public final class InferenceController {
    private final InferenceViewModel vm;
    private String selectedEntryId;
    private UploadItem shown;
    private final javafx.beans.value.ChangeListener<UploadItem.State> stateListener = (o, a, s) -> styleVerdict(shown);
    private final javafx.beans.value.ChangeListener<InspectionReport> reportListener = (o, a, r) -> showReport(r);

    @FXML BorderPane root;
    @FXML TabPane tabs;
    @FXML Tab uploadTab;
    @FXML Tab inboxTab;
    @FXML Tab resultsTab;
    @FXML StackPane resultsHolder;
    @FXML Button chooseButton;
    @FXML VBox emptyState;
    @FXML ListView<UploadItem> fileList;
    @FXML Button clearButton;
    @FXML Label rulesLabel;
    @FXML Label rulesError;
    @FXML Button rulesResetButton;
    @FXML VBox previewPane;
    @FXML HBox verdictBox;
    @FXML FontIcon verdictIcon;
    @FXML Label fileTitle;
    @FXML Label verdictLabel;
    @FXML ProgressBar progressBar;
    @FXML Button confirmButton;
    @FXML javafx.scene.layout.StackPane runOnHolder;
    @FXML Label detectionLabel;
    @FXML Label previewTitle;
    @FXML Label previewNote;
    @FXML TableView<InspectionReport.PreviewRow> previewTable;
    @FXML TableView<ColumnProfile> columnsTable;
    @FXML TableColumn<ColumnProfile, String> colName;
    @FXML TableColumn<ColumnProfile, String> colType;
    @FXML TableColumn<ColumnProfile, String> colFormat;
    @FXML TableColumn<ColumnProfile, String> colMissing;
    @FXML TableColumn<ColumnProfile, String> colDistinct;
    @FXML TableColumn<ColumnProfile, String> colNote;
    @FXML Label problemsTitle;
    @FXML TableView<Problem> problemsTable;
    @FXML TableColumn<Problem, Problem.Severity> probSeverity;
    @FXML TableColumn<Problem, String> probLine;
    @FXML TableColumn<Problem, String> probColumn;
    @FXML TableColumn<Problem, String> probMessage;
    @FXML Label inboxSummary;
    @FXML Button retryButton;
    @FXML Button openResultButton;
    @FXML TableView<InboxService.Entry> inboxTable;
    @FXML TableColumn<InboxService.Entry, String> inState;
    @FXML TableColumn<InboxService.Entry, String> inFile;
    @FXML TableColumn<InboxService.Entry, String> inRows;
    @FXML TableColumn<InboxService.Entry, String> inCreated;
    @FXML TableColumn<InboxService.Entry, String> inId;
    @FXML TableColumn<InboxService.Entry, String> inError;
    @FXML TextArea resultArea;

    private Path lastFolder;

    InferenceController(InferenceViewModel vm) {
        this.vm = vm;
    }

    @FXML
    void initialize() {
        runOnHolder.getChildren().setAll(vm.runOn().bar(null));
        org.riskbench.ui.shell.Columns.keepHeadersWhole(previewTable);
        org.riskbench.ui.shell.Columns.keepHeadersWhole(columnsTable);
        org.riskbench.ui.shell.Columns.keepHeadersWhole(problemsTable);
        org.riskbench.ui.shell.Columns.keepHeadersWhole(inboxTable);
        root.getStylesheets().add(InferenceController.class.getResource("/org/riskbench/ui/inference/inference.css").toExternalForm());
        acceptDrops(fileList); // one drop zone shows (the empty state); the list and the whole window take drops too
        acceptDrops(emptyState);
        rulesLabel.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            String src = vm.rulesSourceProperty().get();
            return org.riskbench.app.ScoringStage.BUNDLED_RULES.equals(src) ? "Bundled defaults (reporting threshold, cash limit,"
                    + " structuring)" : "From " + java.nio.file.Path.of(src).getFileName();
        }, vm.rulesSourceProperty()));
        rulesLabel.setTooltip(new javafx.scene.control.Tooltip());
        rulesLabel.getTooltip().textProperty().bind(vm.rulesSourceProperty());
        rulesError.textProperty().bind(vm.rulesErrorProperty());
        rulesError.visibleProperty().bind(vm.rulesErrorProperty().isNotEmpty());
        rulesError.managedProperty().bind(rulesError.visibleProperty());
        rulesResetButton.disableProperty().bind(vm.rulesSourceProperty().isEqualTo(org.riskbench.app.ScoringStage.BUNDLED_RULES));
        StackPane.setMargin(emptyState, new Insets(16));
        emptyState.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.files()));
        previewPane.visibleProperty().bind(emptyState.visibleProperty().not());

        vm.files().addListener((ListChangeListener<UploadItem>) change -> {
            while (change.next()) {
                if (change.wasAdded()) {
                    tabs.getSelectionModel().select(uploadTab);
                }
            }
        });
        fileList.setItems(vm.files());
        fileList.setCellFactory(l -> new FileCell(l));
        fileList.setPlaceholder(new Label("No files yet"));
        fileList.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (item != null) {
                vm.selectedProperty().set(item);
            }
        });
        vm.selectedProperty().addListener((o, a, item) -> {
            fileList.getSelectionModel().select(item);
            showItem(item);
        });

        columnsTable.setPlaceholder(new Label("Columns appear once the file is read."));
        colName.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        colType.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().type().label()));
        colFormat.setCellValueFactory(c -> new ReadOnlyStringWrapper(format(c.getValue())));
        colMissing.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.format(Locale.ROOT, "%,d", c.getValue().missing())));
        colDistinct.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().distinct() < 0
                ? "> 50" : String.valueOf(c.getValue().distinct())));
        colNote.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().note() == null ? "" : c.getValue().note()));
        colNote.setCellFactory(c -> new WrappingCell<>());

        problemsTable.setPlaceholder(new Label("No problems found."));
        probSeverity.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().severity()));
        probSeverity.setCellFactory(c -> new SeverityCell());
        probLine.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().line() > 0 ? String.valueOf(c.getValue().line()) : "file"));
        probColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(columnOf(c.getValue())));
        probMessage.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().message()));
        probMessage.setCellFactory(c -> new WrappingCell<>());
        problemsTable.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> vm.problemSelected(p));
        problemsTable.setOnMouseClicked(e -> vm.problemSelected(problemsTable.getSelectionModel().getSelectedItem()));

        previewTable.setPlaceholder(new Label("No data rows to preview."));
        previewTable.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        previewNote.textProperty().bind(vm.previewNoteProperty());
        vm.previewSelectionProperty().addListener((o, a, index) -> {
            int i = index.intValue();
            if (i < 0) {
                previewTable.getSelectionModel().clearSelection();
            } else {
                previewTable.getSelectionModel().clearAndSelect(i);
                previewTable.scrollTo(Math.max(0, i - 2));
            }
        });

        confirmButton.disableProperty().bind(vm.canConfirmBinding().not());
        showItem(null);

        inboxSummary.textProperty().bind(vm.inboxSummaryProperty());
        inboxTable.setItems(vm.inboxEntries());
        inboxTable.setPlaceholder(new Label("The inbox is empty: confirm a file on the Upload tab to queue it."));
        inState.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().state()));
        inState.setCellFactory(c -> new ChipCell<>());
        inFile.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().inputName()));
        inRows.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().rows() == null ? "" : String.format(Locale.ROOT, "%,d", c.getValue().rows())));
        inCreated.setCellValueFactory(c -> new ReadOnlyStringWrapper(shortTime(c.getValue().createdAt())));
        inId.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().analysisId()));
        inError.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().error() == null ? "" : c.getValue().error()));
        inError.setCellFactory(c -> new WrappingCell<>());
        inboxTable.getSelectionModel().selectedItemProperty().addListener((o, a, entry) -> {
            if (entry != null) {
                selectedEntryId = entry.analysisId();
                vm.selectedEntryProperty().set(entry);
            }
        });
        vm.inboxEntries().addListener((ListChangeListener<InboxService.Entry>) change -> reselectEntry());
        retryButton.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> vm.selectedEntryProperty().get() == null
                || !"failed".equals(vm.selectedEntryProperty().get().state()), vm.selectedEntryProperty()));
        openResultButton.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> vm.selectedEntryProperty().get() == null
                || !"processed".equals(vm.selectedEntryProperty().get().state()), vm.selectedEntryProperty()));
        resultArea.textProperty().bind(vm.resultTextProperty());
        inboxTable.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                openResult();
            }
        });

        resultsHolder.getChildren().add(new ResultsPane(vm.results()));
        // a confirmed file that was processed opens its results (it said "see the inbox")
        vm.processedProperty().addListener((o, a, id) -> {
            if (id != null && tabs.getSelectionModel().getSelectedItem() == uploadTab) {
                tabs.getSelectionModel().select(resultsTab);
            }
        });
        resultsTab.selectedProperty().addListener((o, a, shown) -> {
            if (shown && vm.results().resultsProperty().get() == null && !vm.results().loadingProperty().get()) {
                vm.results().openLatest();
            }
        });

        ErrorDialog.showEach(vm.lastErrorProperty(), root, "Inference action failed");
    }

    private void reselectEntry() {
        if (selectedEntryId == null) {
            return;
        }
        for (int i = 0; i < vm.inboxEntries().size(); i++) {
            InboxService.Entry e = vm.inboxEntries().get(i);
            if (e.analysisId().equals(selectedEntryId)) {
                inboxTable.getSelectionModel().select(i);
                vm.selectedEntryProperty().set(e);
                return;
            }
        }
    }

    /** The column's format for people: {@code decimal_comma} reads "decimal comma". */
    static String format(ColumnProfile c) {
        return c.format() == null ? "" : c.format().replace('_', ' ');
    }

    /** {@code 2026-11-23T19:31:00.118Z} as {@code 2026-11-23 19:31:00}. */
    static String shortTime(String iso) {
        if (iso == null) {
            return "";
        }
        String t = iso.replace('T', ' ');
        int dot = t.indexOf('.');
        return dot > 0 ? t.substring(0, dot) : t.endsWith("Z") ? t.substring(0, t.length() - 1) : t;
    }

    private static String columnOf(Problem p) {
        if (p.column() <= 0) {
            return "";
        }
        return p.columnName() == null || p.columnName().isEmpty() ? String.valueOf(p.column()) : p.columnName() + " (" + p.column() + ")";
    }

    private void acceptDrops(Region zone) {
        zone.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        zone.setOnDragEntered(e -> zone.getStyleClass().add("drag-over"));
        zone.setOnDragExited(e -> zone.getStyleClass().remove("drag-over"));
        zone.setOnDragDropped(e -> {
            List<Path> paths = e.getDragboard().hasFiles() ? e.getDragboard().getFiles().stream().map(File::toPath).toList() : List.of();
            e.setDropCompleted(!paths.isEmpty());
            e.consume();
            if (!paths.isEmpty()) {
                tabs.getSelectionModel().select(uploadTab);
                vm.filesDropped(paths);
            }
        });
    }

    /** Shows the selected file: verdict, detection, preview with types in the headers, columns, problems. */
    private void showItem(UploadItem item) {
        fileTitle.textProperty().unbind();
        verdictLabel.textProperty().unbind();
        progressBar.progressProperty().unbind();
        if (shown != null) {
            shown.stateProperty().removeListener(stateListener);
            shown.reportProperty().removeListener(reportListener);
        }
        shown = item;
        if (item == null) {
            fileTitle.setText("");
            verdictLabel.setText("");
            progressBar.setVisible(false);
            showReport(null);
            return;
        }
        fileTitle.setText(item.name());
        verdictLabel.textProperty().bind(item.messageProperty());
        progressBar.progressProperty().bind(item.progressProperty());
        item.stateProperty().addListener(stateListener);
        item.reportProperty().addListener(reportListener);
        styleVerdict(item);
        showReport(item.reportProperty().get());
    }

    private void styleVerdict(UploadItem item) {
        UploadItem.State s = item.stateProperty().get();
        verdictBox.getStyleClass().setAll("verdict", "verdict-" + s.label());
        verdictIcon.setIconLiteral(switch (s) {
            case ACCEPTED -> "mdi2c-check-circle-outline";
            case REFUSED, ERROR, FAILED -> "mdi2a-alert-circle-outline";
            case PROCESSED -> "mdi2i-inbox-arrow-down";
            default -> "mdi2p-progress-clock";
        });
        progressBar.setVisible(switch (s) {
            case INSPECTING, SUBMITTING, QUEUED -> true;
            default -> false;
        });
    }

    private void showReport(InspectionReport r) {
        previewTable.getColumns().clear();
        if (r == null) {
            detectionLabel.setText("");
            previewTitle.setText("Preview");
            previewTable.setItems(FXCollections.observableArrayList());
            columnsTable.setItems(FXCollections.observableArrayList());
            problemsTable.setItems(FXCollections.observableArrayList());
            problemsTitle.setText("Problems");
            return;
        }
        detectionLabel.setText(detection(r));
        TableColumn<InspectionReport.PreviewRow, String> line = new TableColumn<>("Line");
        line.setId("preview-line");
        line.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.valueOf(c.getValue().line())));
        line.getStyleClass().add("line-number");
        line.setPrefWidth(56);
        line.setSortable(false);
        previewTable.getColumns().add(line);
        for (int i = 0; i < r.header().size(); i++) {
            int index = i;
            ColumnProfile profile = index < r.columns().size() ? r.columns().get(index) : null;
            TableColumn<InspectionReport.PreviewRow, String> col = new TableColumn<>();
            Label name = new Label(r.header().get(i));
            name.getStyleClass().add("col-header-name");
            Label type = new Label(profile == null ? "" : profile.type().label() + (profile.format() == null ? "" : " · " + format(profile)));
            type.getStyleClass().add("col-header-type");
            VBox header = new VBox(0, name, type);
            header.setAlignment(Pos.CENTER_LEFT);
            col.setGraphic(header);
            col.setSortable(false);
            col.setPrefWidth(Math.max(90, Math.min(220, 10 * Math.max(r.header().get(i).length(), type.getText().length()) + 28)));
            col.setCellValueFactory(c -> new ReadOnlyStringWrapper(index < c.getValue().values().size() ? c.getValue().values().get(index) : ""));
            previewTable.getColumns().add(col);
        }
        previewTable.setItems(FXCollections.observableArrayList(r.preview()));
        previewTitle.setText("Preview: first " + r.preview().size() + " of " + String.format(Locale.ROOT, "%,d", r.dataRows()) + " rows");
        columnsTable.setItems(FXCollections.observableArrayList(r.columns()));
        problemsTable.setItems(FXCollections.observableArrayList(r.problems()));
        problemsTitle.setText(r.problemCount() == 0 ? "Problems: none"
                : "Problems: " + r.problemCount() + (r.problemCount() > r.problems().size() ? " (first " + r.problems().size() + " listed)" : "")
                + " — click one to find its line");
    }

    static String detection(InspectionReport r) {
        StringBuilder s = new StringBuilder();
        s.append("Encoding ").append(r.encoding() == null ? "not read" : r.encoding());
        s.append(" · delimiter ").append(InspectionReport.delimiterName(r.delimiter()));
        s.append(" · line endings ").append(r.lineEnding() == null ? "none" : r.lineEnding());
        s.append(" · ").append(size(r.sizeBytes()));
        s.append(" · ").append(String.format(Locale.ROOT, "%,d", r.dataRows())).append(" data rows");
        if (r.badRows() > 0) {
            s.append(" (").append(r.badRows()).append(" unreadable)");
        }
        s.append(" · ").append(r.columns().size()).append(" columns");
        if (!r.schemaColumns().isEmpty()) {
            s.append(" · schema: ").append(r.schemaColumns().entrySet().stream()
                    .sorted(java.util.Map.Entry.comparingByValue())
                    .map(e -> {
                        String written = e.getValue() < r.header().size() ? r.header().get(e.getValue()) : e.getKey();
                        return written.equals(e.getKey()) ? e.getKey() : written + " → " + e.getKey();
                    })
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        s.append(" · read in ").append(r.millis()).append(" ms");
        return s.toString();
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    @FXML
    void chooseFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose CSV files of transactions");
        // the sample folder (as the other screens' choosers do), then the folder of the last files chosen; not "Recent"
        Path start = lastFolder != null && java.nio.file.Files.isDirectory(lastFolder) ? lastFolder : initialFolder();
        if (start != null) {
            chooser.setInitialDirectory(start.toFile());
        }
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV files", "*.csv", "*.tsv", "*.txt"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        List<File> chosen = chooser.showOpenMultipleDialog(root.getScene().getWindow());
        if (chosen != null && !chosen.isEmpty()) {
            lastFolder = chosen.get(0).toPath().toAbsolutePath().getParent();
            tabs.getSelectionModel().select(uploadTab);
            vm.filesDropped(chosen.stream().map(File::toPath).toList());
        }
    }

    /** Where the file chooser opens first: the sample transactions, else the sample folder, else the chooser's own. */
    static Path initialFolder() {
        for (String candidate : List.of("sample-data/transactions", "sample-data")) {
            Path folder = Path.of(candidate).toAbsolutePath();
            if (java.nio.file.Files.isDirectory(folder)) {
                return folder;
            }
        }
        return null;
    }

    @FXML
    void chooseRules() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose a guardrail rules file (YAML)");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("YAML", "*.yaml", "*.yml"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        File chosen = chooser.showOpenDialog(root.getScene().getWindow());
        if (chosen != null) {
            vm.useRules(chosen.toPath());
        }
    }

    @FXML
    void resetRules() {
        vm.useBundledRules();
    }

    @FXML
    void confirm() {
        vm.confirm();
    }

    @FXML
    void clearDone() {
        vm.clearDone();
    }

    @FXML
    void retry() {
        vm.retrySelected();
    }

    @FXML
    void openResult() {
        if (vm.openSelectedResult()) {
            tabs.getSelectionModel().select(resultsTab);
        }
    }

    /** A file: name, state chip and its one-sentence message. */
    private static final class FileCell extends ListCell<UploadItem> {
        private final Label name = new Label();
        private final Label chip = new Label();
        private final Label detail = new Label();
        private final VBox box;
        private final javafx.beans.value.ChangeListener<UploadItem.State> stateListener = (o, a, s) -> showState(s);
        private UploadItem bound;

        FileCell(ListView<UploadItem> list) {
            name.getStyleClass().add("file-item-name");
            name.setMinWidth(0);
            chip.setMinWidth(Region.USE_PREF_SIZE);
            detail.getStyleClass().add("file-item-detail");
            detail.setWrapText(true);
            detail.setMinHeight(Region.USE_PREF_SIZE);
            // the name has the cell's whole width (beside the chip it was cut to "transaction…"); a name longer
            // still keeps its start and its extension
            name.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
            name.maxWidthProperty().bind(list.widthProperty().subtract(28));
            box = new VBox(2, name, chip, detail);
            box.maxWidthProperty().bind(list.widthProperty().subtract(28));
            box.prefWidthProperty().bind(box.maxWidthProperty());
            detail.maxWidthProperty().bind(box.maxWidthProperty());
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(UploadItem item, boolean empty) {
            super.updateItem(item, empty);
            detail.textProperty().unbind();
            if (bound != null) {
                bound.stateProperty().removeListener(stateListener);
                bound = null;
            }
            if (empty || item == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            name.setText(item.name());
            setTooltip(new javafx.scene.control.Tooltip(item.path().toString()));
            detail.textProperty().bind(item.messageProperty());
            bound = item;
            item.stateProperty().addListener(stateListener);
            showState(item.stateProperty().get());
            setGraphic(box);
        }

        private void showState(UploadItem.State s) {
            chip.setText(s.label());
            chip.getStyleClass().setAll("label", "state-chip", "state-" + s.label());
        }
    }

    /** Long text (messages, notes) wrapped to the column's width, so nothing hides behind an ellipsis. */
    private static final class WrappingCell<S> extends TableCell<S, String> {
        private final javafx.scene.text.Text text = new javafx.scene.text.Text();

        WrappingCell() {
            text.getStyleClass().add("wrap-text");
            text.wrappingWidthProperty().bind(widthProperty().subtract(12));
            setPrefHeight(Region.USE_COMPUTED_SIZE);
        }

        @Override
        protected void updateItem(String value, boolean empty) {
            super.updateItem(value, empty);
            if (empty || value == null || value.isEmpty()) {
                setGraphic(null);
                return;
            }
            text.setText(value);
            setGraphic(text);
        }
    }

    /** Severity as a coloured chip. */
    private static final class SeverityCell extends TableCell<Problem, Problem.Severity> {
        private final Label chip = new Label();

        @Override
        protected void updateItem(Problem.Severity s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setGraphic(null);
                return;
            }
            chip.setText(s.name().toLowerCase(Locale.ROOT));
            chip.getStyleClass().setAll("label", "state-chip", "severity-" + s.name());
            setGraphic(chip);
        }
    }

    /** Inbox state as a coloured chip. */
    private static final class ChipCell<S> extends TableCell<S, String> {
        private final Label chip = new Label();

        @Override
        protected void updateItem(String state, boolean empty) {
            super.updateItem(state, empty);
            if (empty || state == null) {
                setGraphic(null);
                return;
            }
            chip.setText(state);
            chip.getStyleClass().setAll("label", "state-chip", "state-" + state);
            setGraphic(chip);
        }
    }
}
