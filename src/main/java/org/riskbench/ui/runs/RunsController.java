package org.riskbench.ui.runs;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.CheckComboBox;
import org.riskbench.app.RunComparison;
import org.riskbench.app.RunsService;
import org.riskbench.app.TrackedRun;
import org.riskbench.ui.shell.Columns;
import org.riskbench.ui.shell.ErrorDialog;
import org.riskbench.ui.shell.StatusChipCell;

/** Thin controller of RunsView.fxml: binds the view to {@link RunsViewModel} and draws the comparison. */
public final class RunsController {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final RunsViewModel vm;
    private final ProjectsViewModel projects;
    private final Path projectsFolder;
    private final Consumer<Path> opener;

    @FXML BorderPane root;
    @FXML Label summaryLabel;
    @FXML TextField queryField;
    @FXML Label queryError;
    @FXML ComboBox<String> kindFilter;
    @FXML ComboBox<String> projectFilter;
    /** The metric and parameter columns shown (ControlsFX: a check box per column in one drop-down). */
    @FXML CheckComboBox<String> columnsCombo;
    private boolean fillingColumns;
    @FXML Button compareButton;
    @FXML TableView<RunRow> table;
    @FXML TableColumn<RunRow, String> statusColumn;
    @FXML TableColumn<RunRow, String> kindColumn;
    @FXML TableColumn<RunRow, String> idColumn;
    @FXML TableColumn<RunRow, String> nameColumn;
    @FXML TableColumn<RunRow, String> startedColumn;
    @FXML TableColumn<RunRow, String> durationColumn;
    @FXML TabPane tabs;
    @FXML Tab runTab;
    @FXML Tab compareTab;
    @FXML Tab projectsTab;
    @FXML javafx.scene.control.SplitPane mainSplit;
    @FXML javafx.scene.layout.StackPane projectsHolder;
    @FXML Label detailTitle;
    @FXML TextArea detailArea;
    @FXML ListView<TrackedRun.Artifact> artifactList;
    @FXML Button openButton;
    @FXML Button revealButton;
    @FXML Label previewNote;
    @FXML TableView<List<String>> csvTable;
    @FXML TextArea textPreview;
    @FXML ScrollPane imagePane;
    @FXML ImageView imagePreview;
    @FXML Label diffTitle;
    @FXML TableView<RunComparison.Row> diffTable;
    @FXML CheckBox showEqual;
    @FXML FlowPane charts;

    RunsController(RunsViewModel vm, ProjectsViewModel projects, Path projectsFolder, Consumer<Path> opener) {
        this.vm = vm;
        this.projects = projects;
        this.projectsFolder = projectsFolder;
        this.opener = opener;
    }

    @FXML
    void initialize() {
        summaryLabel.textProperty().bind(vm.summaryProperty());
        queryField.textProperty().bindBidirectional(vm.queryProperty());
        queryError.textProperty().bind(vm.queryErrorProperty());
        queryError.managedProperty().bind(vm.queryErrorProperty().isNotEmpty());
        queryError.visibleProperty().bind(vm.queryErrorProperty().isNotEmpty());
        vm.queryErrorProperty().addListener((o, a, b) -> queryField.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("danger"), !b.isEmpty()));
        kindFilter.setItems(vm.kindChoices());
        kindFilter.valueProperty().bindBidirectional(vm.kindFilterProperty());
        projectFilter.setItems(vm.projectChoices());
        projectFilter.valueProperty().bindBidirectional(vm.projectFilterProperty());
        initProjects();

        table.setItems(vm.rows());
        Label empty = new Label();
        empty.textProperty().bind(vm.emptyTextProperty());
        empty.getStyleClass().add("text-muted");
        Label emptyTitle = new Label("Nothing to show");
        emptyTitle.getStyleClass().add("title-3");
        VBox placeholder = new VBox(8, emptyTitle, empty);
        placeholder.setAlignment(Pos.CENTER);
        table.setPlaceholder(placeholder);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        statusColumn.setCellValueFactory(c -> text(c.getValue(), TrackedRun::status));
        statusColumn.setCellFactory(c -> new StatusChipCell<>());
        kindColumn.setCellValueFactory(c -> text(c.getValue(), TrackedRun::kind));
        idColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().id()));
        Columns.fitContent(kindColumn);
        Columns.fitContent(idColumn);
        Columns.fitContent(nameColumn);
        Columns.keepHeadersWhole(table);
        Columns.keepHeadersWhole(diffTable);
        nameColumn.setCellValueFactory(c -> text(c.getValue(), r -> r.name() == null ? "" : r.name()));
        startedColumn.setCellValueFactory(c -> text(c.getValue(), r -> r.startedAt() == null ? "" : TIME.format(r.startedAt())));
        durationColumn.setCellValueFactory(c -> text(c.getValue(), r -> duration(r)));
        vm.focusedProperty().bind(table.getSelectionModel().selectedItemProperty());
        compareButton.disableProperty().bind(Bindings.size(table.getSelectionModel().getSelectedItems()).lessThan(2));

        vm.chosenColumns().addListener((ListChangeListener<String>) c -> {
            rebuildColumns();
            rebuildColumnMenu(); // the ticks show every column shown, also those the kind filter chose
        });
        vm.availableColumns().addListener((ListChangeListener<String>) c -> rebuildColumnMenu());
        rebuildColumnMenu();

        detailTitle.textProperty().bind(vm.detailTitleProperty());
        detailArea.textProperty().bind(vm.detailTextProperty());
        artifactList.setItems(vm.artifacts());
        artifactList.setCellFactory(l -> new ArtifactCell());
        Label noArtifacts = new Label();
        noArtifacts.textProperty().bind(Bindings.when(vm.focusedProperty().isNull())
                .then("Select a run to list its files.").otherwise("This run recorded no files."));
        artifactList.setPlaceholder(noArtifacts);
        artifactList.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedArtifactProperty().set(b));
        vm.selectedArtifactProperty().addListener((o, a, b) -> {
            if (b == null) {
                artifactList.getSelectionModel().clearSelection();
            }
        });
        openButton.disableProperty().bind(vm.selectedArtifactProperty().isNull());
        revealButton.disableProperty().bind(vm.selectedArtifactProperty().isNull());
        previewNote.textProperty().bind(vm.previewNoteProperty());
        csvTable.visibleProperty().bind(vm.previewKindProperty().isEqualTo(RunsViewModel.PreviewKind.CSV));
        textPreview.visibleProperty().bind(vm.previewKindProperty().isEqualTo(RunsViewModel.PreviewKind.TEXT));
        imagePane.visibleProperty().bind(vm.previewKindProperty().isEqualTo(RunsViewModel.PreviewKind.IMAGE));
        textPreview.textProperty().bind(vm.previewTextProperty());
        vm.csvPreviewProperty().addListener((o, a, b) -> showCsv(b));
        vm.previewImageProperty().addListener((o, a, b) -> imagePreview.setImage(b == null ? null : new Image(b.toUri().toString(), true)));
        imagePreview.fitWidthProperty().bind(imagePane.widthProperty().subtract(16));

        vm.comparisonProperty().addListener((o, a, b) -> showComparison(b));
        showEqual.selectedProperty().addListener((o, a, b) -> showComparison(vm.comparisonProperty().get()));
        diffTable.setPlaceholder(new Label("No parameter differs."));
        ErrorDialog.showEach(vm.lastErrorProperty(), root, "Runs");
    }

    /** The Projects tab; selecting a project shows only its runs in the table above. */
    private void initProjects() {
        projectsHolder.getChildren().add(new ProjectsPane(projects, projectsFolder, opener));
        projects.selectedProperty().addListener((o, a, p) -> {
            if (p != null) {
                vm.showProject(p.name());
            }
        });
        projects.setOnStepFinished(vm::refreshNow);
        // the steps need more room than a run's details: give the tab more of the height when it opens
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, tab) -> {
            if (tab == projectsTab && mainSplit.getDividerPositions()[0] > 0.4) {
                mainSplit.setDividerPositions(0.34);
            }
        });
        ErrorDialog.showEach(projects.lastErrorProperty(), root, "Projects");
    }

    private static javafx.beans.value.ObservableValue<String> text(RunRow row, java.util.function.Function<TrackedRun, String> f) {
        return Bindings.createStringBinding(() -> f.apply(row.run()), row.runProperty());
    }

    private static String duration(TrackedRun r) {
        java.time.Duration d = r.duration(Instant.now());
        if (d == null) {
            return "";
        }
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : ms < 60_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0)
                : String.format(java.util.Locale.ROOT, "%dm %02ds", ms / 60_000, (ms / 1000) % 60);
    }

    private void rebuildColumnMenu() {
        if (columnsCombo.getProperties().putIfAbsent("listening", true) == null) {
            columnsCombo.getCheckModel().getCheckedItems().addListener((javafx.collections.ListChangeListener<String>) change -> {
                while (change.next() && !fillingColumns) {
                    change.getAddedSubList().forEach(key -> vm.chooseColumn(key, true));
                    change.getRemoved().forEach(key -> vm.chooseColumn(key, false));
                }
            });
        }
        List<String> shown = vm.chosenColumns().stream().filter(vm.availableColumns()::contains).toList();
        if (columnsCombo.getItems().equals(vm.availableColumns())
                && new java.util.HashSet<>(columnsCombo.getCheckModel().getCheckedItems()).equals(new java.util.HashSet<>(shown))) {
            return; // the user's own tick, come back through the view model
        }
        fillingColumns = true;
        try {
            columnsCombo.getCheckModel().clearChecks();
            columnsCombo.getItems().setAll(vm.availableColumns());
            shown.forEach(columnsCombo.getCheckModel()::check);
        } finally {
            fillingColumns = false;
        }
        columnsCombo.setDisable(vm.availableColumns().isEmpty());
        columnsCombo.setTooltip(new javafx.scene.control.Tooltip(vm.availableColumns().isEmpty()
                ? "No parameters or metrics yet" : "Parameter and metric columns of the table"));
    }

    private void rebuildColumns() {
        List<TableColumn<RunRow, ?>> keep = new ArrayList<>(List.of(statusColumn, kindColumn, idColumn, nameColumn, startedColumn, durationColumn));
        for (String key : vm.chosenColumns()) {
            TableColumn<RunRow, String> col = new TableColumn<>(key.substring(key.indexOf('.') + 1));
            col.setId("col-" + key);
            col.setPrefWidth(110);
            col.setStyle("-fx-alignment: CENTER-RIGHT;");
            col.setCellValueFactory(c -> text(c.getValue(), r -> RunsService.text(r.field(key))));
            keep.add(col);
        }
        table.getColumns().setAll(keep);
    }

    private void showCsv(RunsService.CsvPreview preview) {
        csvTable.getColumns().clear();
        if (preview == null) {
            csvTable.getItems().clear();
            return;
        }
        for (int i = 0; i < preview.header().size(); i++) {
            int index = i;
            TableColumn<List<String>, String> col = new TableColumn<>(preview.header().get(i));
            col.setCellValueFactory(c -> new ReadOnlyStringWrapper(index < c.getValue().size() ? c.getValue().get(index) : ""));
            csvTable.getColumns().add(col);
        }
        csvTable.getItems().setAll(preview.rows());
    }

    private void showComparison(RunComparison c) {
        diffTable.getColumns().clear();
        charts.getChildren().clear();
        if (c == null) {
            return;
        }
        int differ = c.differentParams().size();
        diffTitle.setText((differ == 1 ? "1 parameter differs, " : differ + " parameters differ, ") + c.equalParams().size()
                + " equal, across " + c.runs().size() + " runs");
        TableColumn<RunComparison.Row, String> keyCol = new TableColumn<>("Parameter");
        keyCol.setCellValueFactory(r -> new ReadOnlyStringWrapper(r.getValue().key()));
        keyCol.setPrefWidth(180);
        Columns.fitContent(keyCol); // parameter names and values whole ("config.confidenceThres…")
        diffTable.getColumns().add(keyCol);
        List<String> labels = shortLabels(c.runs().stream().map(r -> r.id()).toList());
        for (int i = 0; i < c.runs().size(); i++) {
            int index = i;
            TableColumn<RunComparison.Row, String> col = new TableColumn<>();
            Label header = new Label(labels.get(i));
            header.setId("compare-header-" + i);
            header.setTooltip(new javafx.scene.control.Tooltip(c.runs().get(i).id()));
            header.setMinWidth(Label.USE_PREF_SIZE);
            col.setGraphic(header);
            col.setCellValueFactory(r -> new ReadOnlyStringWrapper(RunsService.text(r.getValue().values().get(index))));
            Columns.fitContent(col);
            col.setPrefWidth(120);
            // the header is what tells the runs apart: the column is never narrower than it (it was cut to the same "…-2223…")
            col.minWidthProperty().bind(Bindings.createDoubleBinding(() -> Math.max(80, header.prefWidth(-1) + 20),
                    header.fontProperty(), header.textProperty()));
            col.setPrefWidth(Math.max(120, col.getMinWidth()));
            header.fontProperty().addListener((o, a, b) -> col.setPrefWidth(Math.max(col.getPrefWidth(), col.getMinWidth())));
            diffTable.getColumns().add(col);
        }
        List<RunComparison.Row> rows = new ArrayList<>(c.differentParams());
        if (showEqual.isSelected()) {
            rows.addAll(c.equalParams());
        }
        diffTable.getItems().setAll(rows);
        for (RunComparison.Row metric : c.metrics()) {
            if (metric.values().stream().noneMatch(v -> v instanceof Number)) {
                continue;
            }
            CategoryAxis x = new CategoryAxis();
            NumberAxis y = new NumberAxis();
            y.setForceZeroInRange(true);
            BarChart<String, Number> chart = new BarChart<>(x, y);
            chart.setTitle(metric.key());
            chart.setLegendVisible(false);
            chart.setAnimated(false);
            chart.setPrefSize(300, 230);
            chart.setMinSize(300, 230);
            x.setTickLabelRotation(0);
            x.setAutoRanging(true);
            chart.getStyleClass().add("metric-chart");
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            for (int i = 0; i < c.runs().size(); i++) {
                if (metric.values().get(i) instanceof Number n) {
                    series.getData().add(new XYChart.Data<>(labels.get(i), n));
                }
            }
            chart.getData().add(series);
            charts.getChildren().add(chart);
        }
        tabs.getSelectionModel().select(compareTab);
    }

    /**
     * Run ids as chart categories and column headers: what tells them apart. Ids compared together usually share their
     * kind and date ("replay-20261205-2223…"), so that common start (up to a '-') is dropped: "…222329-2683c1" and
     * "…222345-aa12bc". An id still long keeps its distinctive tail, which fits under a bar; the whole id stays in the
     * tooltip. Labels that would collide fall back to the whole ids.
     */
    static List<String> shortLabels(List<String> ids) {
        int common = ids.size() < 2 ? 0 : commonDashPrefix(ids);
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            String rest = id.substring(common);
            out.add(common > 0 && rest.length() <= 16 ? "\u2026" + rest
                    : id.length() <= 16 ? id : "\u2026" + id.substring(id.length() - 14));
        }
        return new java.util.HashSet<>(out).size() == out.size() ? out : ids;
    }

    /** The length of the start all ids share, cut back to just after a '-' (0 when none). */
    private static int commonDashPrefix(List<String> ids) {
        String first = ids.get(0);
        int n = first.length();
        for (String id : ids) {
            int i = 0;
            while (i < Math.min(n, id.length()) && id.charAt(i) == first.charAt(i)) {
                i++;
            }
            n = i;
        }
        int dash = first.lastIndexOf('-', n - 1);
        return dash < 0 ? 0 : dash + 1;
    }

    @FXML
    void compare() {
        vm.compare(new ArrayList<>(table.getSelectionModel().getSelectedItems()));
    }

    @FXML
    void openArtifact() {
        Path file = vm.selectedArtifactPath();
        if (file != null) {
            opener.accept(file);
        }
    }

    @FXML
    void revealArtifact() {
        Path file = vm.selectedArtifactPath();
        if (file != null && file.getParent() != null) {
            opener.accept(file.getParent());
        }
    }

    /** A file with its size. */
    private static final class ArtifactCell extends ListCell<TrackedRun.Artifact> {
        ArtifactCell() {
            // as wide as the list, cut at the start: names share a long prefix (processed/an-...) and differ at the end
            setPrefWidth(0);
            setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
        }

        @Override
        protected void updateItem(TrackedRun.Artifact a, boolean empty) {
            super.updateItem(a, empty);
            if (empty || a == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                return;
            }
            setText(a.path() + "   " + size(a.size()));
            setTooltip(new javafx.scene.control.Tooltip(a.path() + " · " + size(a.size()) + " · SHA-256 " + a.sha256()));
            String icon = switch (a.previewKind()) {
                case "csv" -> "mdi2t-table";
                case "json" -> "mdi2c-code-json";
                case "png" -> "mdi2i-image";
                default -> "mdi2f-file-outline";
            };
            setGraphic(new org.kordamp.ikonli.javafx.FontIcon(icon));
        }

        private static String size(long bytes) {
            if (bytes < 0) {
                return "";
            }
            return bytes < 1024 ? bytes + " B" : bytes < 1024 * 1024 ? String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0)
                    : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
    }
}
