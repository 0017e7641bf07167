package org.riskbench.ui.inference;

import java.io.File;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.riskbench.app.AnalysisResults;

/** The Results tab: class chips (filters), anomaly histogram, rows table, per-row reasons and feedback. */
final class ResultsPane extends BorderPane {
    private final ResultsViewModel vm;
    private final Label header = new Label();
    private final FlowPane chips = new FlowPane(8, 6);
    private final ToggleGroup chipGroup = new ToggleGroup();
    private final AnomalyHistogram histogram = new AnomalyHistogram();
    private final TextField filter = new TextField();
    private final Label shownCount = new Label();
    private final TableView<ResultItem> table = new TableView<>();
    private final VBox detail = new VBox(10);
    private final Label message = new Label();
    private final ComboBox<String> classCombo = new ComboBox<>();
    /** The row whose recorded true class the class box follows, and how. */
    private ResultItem followedItem;
    private final javafx.beans.value.ChangeListener<String> trueClassFollower = (o, before, recorded) -> {
        if (recorded != null) {
            classCombo.setValue(recorded);
        }
    };
    private boolean syncingChips;

    /** The height kept for one line of message. */
    static final double STATUS_LINE = 26;

    ResultsPane(ResultsViewModel vm) {
        this.vm = vm;
        getStyleClass().add("inf-results");
        setId("resultsPane");

        // top: what is shown, loading, actions
        header.getStyleClass().add("results-header");
        header.setId("resultsHeader");
        header.setWrapText(true);
        header.setMinWidth(0);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("resultsLoading");
        spinner.setPrefSize(22, 22);
        spinner.progressProperty().bind(vm.loadProgressProperty());
        Label loadLabel = new Label();
        loadLabel.getStyleClass().add("text-muted");
        loadLabel.textProperty().bind(vm.loadMessageProperty());
        HBox loadingBox = new HBox(6, spinner, loadLabel);
        loadingBox.setAlignment(Pos.CENTER_LEFT);
        loadingBox.visibleProperty().bind(vm.loadingProperty());
        loadingBox.managedProperty().bind(vm.loadingProperty());
        Button latest = new Button("Open latest", new FontIcon("mdi2h-history"));
        latest.setId("openLatestButton");
        latest.setOnAction(e -> vm.openLatest());
        Button importButton = new Button("Import feedback CSV…", new FontIcon("mdi2f-file-import-outline"));
        importButton.setId("importFeedbackButton");
        importButton.setTooltip(new Tooltip("A CSV with the header analysis_id,row,true_class; every line is checked before any is stored."));
        importButton.setOnAction(e -> chooseFeedbackCsv());
        importButton.disableProperty().bind(vm.busyProperty());
        latest.setMinWidth(Region.USE_PREF_SIZE);
        importButton.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox.setHgrow(header, Priority.SOMETIMES);
        HBox top = new HBox(10, header, spacer, loadingBox, latest, importButton);
        top.setAlignment(Pos.CENTER_LEFT);
        message.setId("resultsMessage");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        // its line is kept while empty: when "true class stored" appeared, the cards and the table below dropped 25 px
        message.setMinHeight(STATUS_LINE);
        vm.messageIsErrorProperty().addListener((o, a, err) -> message.getStyleClass().setAll("label", err ? "results-error" : "results-info"));
        message.getStyleClass().setAll("label", "results-info");
        chips.setId("classChips");
        VBox north = new VBox(8, top, message, chips);
        north.setPadding(new Insets(0, 0, 8, 0));
        setTop(north);

        // centre: histogram, filter, table
        histogram.setId("histogram");
        filter.setId("resultsFilter");
        filter.setPromptText("Filter: customer, row, date, amount, rule or feature");
        filter.textProperty().bindBidirectional(vm.textFilterProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        shownCount.getStyleClass().add("text-muted");
        HBox filterBar = new HBox(8, new FontIcon("mdi2m-magnify"), filter, shownCount);
        filterBar.setAlignment(Pos.CENTER_LEFT);
        buildTable();
        VBox.setVgrow(table, Priority.ALWAYS);
        Label histTitle = new Label("Anomaly scores of the rows shown");
        histTitle.getStyleClass().add("section-label");
        VBox left = new VBox(6, histTitle, histogram, filterBar, table);

        detail.getStyleClass().add("results-detail");
        detail.setId("resultsDetail");
        detail.setPadding(new Insets(4, 8, 8, 8));
        ScrollPane detailScroll = new ScrollPane(detail);
        detailScroll.setFitToWidth(true);
        detailScroll.setMinWidth(300);
        SplitPane split = new SplitPane(left, detailScroll);
        split.setDividerPositions(0.735);

        Label empty = new Label("Choose a processed analysis in the Inbox and press \"Open result\", or press \"Open latest\".");
        empty.getStyleClass().addAll("title-4", "text-muted");
        empty.setWrapText(true);
        StackPane center = new StackPane(split, empty);
        empty.visibleProperty().bind(vm.resultsProperty().isNull().and(vm.loadingProperty().not()));
        split.visibleProperty().bind(vm.resultsProperty().isNotNull());
        setCenter(center);

        vm.resultsProperty().addListener((o, a, r) -> showResults(r));
        vm.filtered().addListener((ListChangeListener<ResultItem>) c -> refreshShown());
        vm.classFilterProperty().addListener((o, a, c) -> syncChips(c));
        vm.selectedProperty().addListener((o, a, item) -> showDetail(item));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> vm.selectedProperty().set(item));
        showDetail(null);
    }

    private void buildTable() {
        table.setId("resultsTable");
        org.riskbench.ui.shell.Columns.keepHeadersWhole(table);
        table.getStyleClass().add("dense");
        table.setPlaceholder(new Label("No rows match the filters."));
        SortedList<ResultItem> sorted = new SortedList<>(vm.filtered());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        TableColumn<ResultItem, Number> row = new TableColumn<>("Row");
        row.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().row().row()));
        row.setPrefWidth(60);
        TableColumn<ResultItem, String> customer = text("Customer", 100, i -> i.row().customer());
        TableColumn<ResultItem, Number> amount = new TableColumn<>("Amount");
        amount.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(parse(c.getValue().row().amount())));
        amount.setCellFactory(c -> new NumberCell("%,.2f"));
        amount.setPrefWidth(100);
        TableColumn<ResultItem, String> date = text("Date", 96, i -> i.row().date());
        TableColumn<ResultItem, String> cls = text("Class", 100, i -> i.row().finalClass());
        cls.setId("colClass");
        cls.setCellFactory(c -> new ClassCell());
        TableColumn<ResultItem, Number> maxP = new TableColumn<>("Max p");
        maxP.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().row().maxProbability()));
        maxP.setCellFactory(c -> new NumberCell("%.3f"));
        maxP.setPrefWidth(64);
        TableColumn<ResultItem, Number> anomaly = new TableColumn<>("Anomaly");
        anomaly.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().row().anomaly()));
        anomaly.setCellFactory(c -> new NumberCell("%.3f"));
        anomaly.setPrefWidth(70);
        TableColumn<ResultItem, Number> cluster = new TableColumn<>("Cluster");
        cluster.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().row().cluster()));
        cluster.setPrefWidth(60);
        TableColumn<ResultItem, String> guard = text("Guardrails", 150, i -> String.join(", ", i.row().guardrails()));
        TableColumn<ResultItem, String> truth = new TableColumn<>("True class");
        truth.setId("colTrueClass");
        truth.setCellValueFactory(c -> c.getValue().trueClassProperty());
        truth.setCellFactory(c -> new ClassCell());
        truth.setPrefWidth(100);
        table.getColumns().setAll(List.of(row, customer, amount, date, cls, maxP, anomaly, cluster, guard, truth));
        double[] min = {54, 96, 92, 102, 112, 64, 80, 68, 100, 104};
        for (int i = 0; i < min.length; i++) {
            table.getColumns().get(i).setMinWidth(min[i]);
            table.getColumns().get(i).setPrefWidth(min[i]);
        }
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    }

    private static TableColumn<ResultItem, String> text(String title, double width, java.util.function.Function<ResultItem, String> f) {
        TableColumn<ResultItem, String> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new ReadOnlyStringWrapper(f.apply(v.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static double parse(String v) {
        try {
            return Double.parseDouble(v);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private void showResults(AnalysisResults r) {
        chips.getChildren().clear();
        chipGroup.getToggles().clear();
        if (r == null) {
            header.setText("");
            return;
        }

        // "flagged": a rule fired on the row; "raised": it also changed the row's class (the model had it lower)
        long flagged = r.rows().stream().filter(row -> !row.guardrails().isEmpty()).count();
        header.setText(String.format(Locale.ROOT, "%s · %s · %,d rows · model %s · guardrails flagged %,d rows and raised %,d",
                r.analysisId(), r.summary().inputName() == null ? "" : r.summary().inputName(), r.rows().size(), r.modelVersion(), flagged, r.guardrailsRaised()));
        chips.getChildren().add(chip(null, "All", r.rows().size()));
        for (String c : r.classes()) {
            chips.getChildren().add(chip(c, c, r.counts().getOrDefault(c, 0L)));
        }
        syncChips(vm.classFilterProperty().get());
        refreshShown();
    }

    private ToggleButton chip(String cls, String title, long count) {
        Label name = new Label(title);
        name.getStyleClass().add("class-chip-name");
        Label n = new Label(String.format(Locale.ROOT, "%,d", count));
        n.getStyleClass().add("class-chip-count");
        n.setId(cls == null ? "count-all" : "count-" + cls);
        VBox box = new VBox(0, n, name);
        box.setAlignment(Pos.CENTER_LEFT);
        ToggleButton b = new ToggleButton(null, box);
        b.setId(cls == null ? "chip-all" : "chip-" + cls);
        b.getStyleClass().addAll("class-chip", cls == null ? "class-all" : "class-" + cls);
        b.setUserData(cls);
        b.setToggleGroup(chipGroup);
        b.setTooltip(new Tooltip(cls == null ? "Show every class" : "Show only " + cls + " rows (click again for all)"));
        b.setOnAction(e -> {
            if (syncingChips) {
                return;
            }
            vm.classFilterProperty().set(b.isSelected() ? cls : null);
            syncChips(vm.classFilterProperty().get());
        });
        return b;
    }

    private void syncChips(String cls) {
        syncingChips = true;
        try {
            chipGroup.getToggles().forEach(t -> t.setSelected(java.util.Objects.equals(t.getUserData(), cls)));
        } finally {
            syncingChips = false;
        }
    }

    private void refreshShown() {
        AnalysisResults r = vm.resultsProperty().get();
        if (r == null) {
            return;
        }
        List<ResultItem> shown = vm.filtered();
        double[] scores = new double[shown.size()];
        int[] classes = new int[shown.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = shown.get(i).row().anomaly();
            classes[i] = Math.max(0, r.classes().indexOf(shown.get(i).row().finalClass()));
        }
        histogram.setData(r.classes(), scores, classes);
        shownCount.setText(String.format(Locale.ROOT, "%,d of %,d rows", shown.size(), r.rows().size()));
    }

    private void showDetail(ResultItem item) {
        detail.getChildren().clear();
        histogram.setMarker(item == null ? Double.NaN : item.row().anomaly());
        if (item == null) {
            Label hint = new Label("Select a row to see why it got its class, and to record the true class.");
            hint.setWrapText(true);
            hint.getStyleClass().add("text-muted");
            detail.getChildren().add(hint);
            return;
        }
        AnalysisResults r = vm.resultsProperty().get();
        AnalysisResults.Row row = item.row();
        Label title = new Label("Row " + row.row() + " · customer " + row.customer());
        title.getStyleClass().add("title-4");
        Label cls = new Label(row.finalClass());
        cls.getStyleClass().addAll("class-badge", "class-" + row.finalClass());
        Label model = new Label(row.modelClass().equals(row.finalClass()) ? "as the model predicted"
                : "raised by guardrails from the model's " + row.modelClass());
        model.getStyleClass().add("text-muted");
        model.setWrapText(true);
        HBox clsLine = new HBox(8, cls, model);
        clsLine.setAlignment(Pos.CENTER_LEFT);
        Label facts = new Label(row.date() + " · amount " + row.amount());
        facts.getStyleClass().add("text-muted");
        detail.getChildren().addAll(title, clsLine, facts);

        // feedback
        Label truth = new Label();
        truth.setId("trueClassLabel");
        truth.textProperty().bind(Bindings.createStringBinding(() -> item.trueClassProperty().get() == null
                ? "No true class recorded yet." : "True class recorded: " + item.trueClassProperty().get(), item.trueClassProperty()));
        Button correct = new Button("Mark correct", new FontIcon("mdi2c-check-bold"));
        correct.setId("markCorrectButton");
        correct.disableProperty().bind(vm.busyProperty());
        correct.setOnAction(e -> vm.markCorrect(item));
        classCombo.setId("setClassCombo");
        classCombo.getItems().setAll(r.classes());
        classCombo.setValue(item.trueClassProperty().get() != null ? item.trueClassProperty().get() : row.finalClass());
        // a true class recorded meanwhile (a feedback import) shows in the box too, not only in the label above it
        if (followedItem != null) {
            followedItem.trueClassProperty().removeListener(trueClassFollower);
        }
        followedItem = item;
        item.trueClassProperty().addListener(trueClassFollower);
        Button set = new Button("Set class", new FontIcon("mdi2p-pencil-outline"));
        set.setId("setClassButton");
        set.disableProperty().bind(vm.busyProperty().or(classCombo.valueProperty().isNull()));
        set.setOnAction(e -> vm.setTrueClass(item, classCombo.getValue()));
        correct.setMinWidth(Region.USE_PREF_SIZE);
        set.setMinWidth(Region.USE_PREF_SIZE);
        classCombo.setMinWidth(Region.USE_PREF_SIZE);
        classCombo.setPrefWidth(142);
        FlowPane actions = new FlowPane(6, 6, correct, classCombo, set);
        actions.setAlignment(Pos.CENTER_LEFT);
        VBox feedback = new VBox(6, truth, actions);
        feedback.getStyleClass().add("feedback-box");
        detail.getChildren().addAll(section("Feedback: the true class"), feedback);

        // probabilities
        VBox bars = new VBox(4);
        bars.setId("probBars");
        for (int c = 0; c < r.classes().size(); c++) {
            double p = row.probabilities()[c];
            Label name = new Label(r.classes().get(c));
            name.setMinWidth(92);
            name.setPrefWidth(92);
            Region fill = new Region();
            fill.getStyleClass().addAll("prob-fill", "class-" + r.classes().get(c));
            Region track = new Region();
            track.getStyleClass().add("prob-track");
            StackPane bar = new StackPane(track, fill);
            bar.setAlignment(Pos.CENTER_LEFT);
            bar.setPrefHeight(12);
            bar.setMaxHeight(12);
            fill.maxWidthProperty().bind(bar.widthProperty().multiply(Math.max(0, Math.min(1, p))));
            fill.setMinWidth(0);
            HBox.setHgrow(bar, Priority.ALWAYS);
            Label value = new Label(String.format(Locale.ROOT, "%.3f", p));
            value.getStyleClass().add("prob-value");
            value.setMinWidth(44);
            HBox line = new HBox(8, name, bar, value);
            line.setAlignment(Pos.CENTER_LEFT);
            line.getStyleClass().add("prob-line");
            bars.getChildren().add(line);
        }
        detail.getChildren().addAll(section("Probabilities (model, before guardrails)"), bars);

        detail.getChildren().add(section("Anomaly and cluster"));
        Label anomaly = new Label(String.format(Locale.ROOT, "Anomaly score %.3f (0-1, higher = more unusual; the dashed line"
                + " in the histogram)", row.anomaly()));
        anomaly.setWrapText(true);
        Label cluster = new Label(String.format(Locale.ROOT, "Cluster %d, distance %.2f × the cluster's 95th percentile%s",
                row.cluster(), row.clusterDistance(), row.clusterDistance() > 1 ? " (far from its cluster)" : ""));
        cluster.setWrapText(true);
        detail.getChildren().addAll(anomaly, cluster);

        VBox guard = new VBox(4);
        guard.setId("guardrailsBox");
        if (row.guardrails().isEmpty()) {
            guard.getChildren().add(muted("No guardrail fired on this row."));
        }
        for (String g : row.guardrails()) {
            Label name = new Label(g);
            name.getStyleClass().add("rule-name");
            Label text = new Label(r.rules().getOrDefault(g, g));
            text.setWrapText(true);
            text.getStyleClass().add("rule-text");
            guard.getChildren().add(new VBox(0, name, text));
        }
        detail.getChildren().addAll(section("Guardrails applied"), guard);

        VBox feats = new VBox(2);
        feats.setId("topFeatures");
        if (row.topFeatures().isEmpty()) {
            feats.getChildren().add(muted("None recorded."));
        }
        for (String f : row.topFeatures()) {
            boolean up = f.endsWith("(+)");
            Label l = new Label(f.replaceAll("\\([+-]\\)$", "").replace('_', ' ') + (up ? "  raises" : "  lowers"),
                    new FontIcon(up ? "mdi2a-arrow-up-bold" : "mdi2a-arrow-down-bold"));
            l.getStyleClass().add(up ? "feature-up" : "feature-down");
            feats.getChildren().add(l);
        }
        detail.getChildren().addAll(section("Top contributing features (for " + row.finalClass() + ")"), feats);

    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.getStyleClass().add("section-label");
        return l;
    }

    private static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("text-muted");
        l.setWrapText(true);
        return l;
    }

    private void chooseFeedbackCsv() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import feedback: a CSV of analysis_id,row,true_class");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV files", "*.csv"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            vm.importFeedback(f.toPath());
        }
    }

    Node table() {
        return table;
    }

    /** A class name as a coloured chip. */
    private static final class ClassCell extends TableCell<ResultItem, String> {
        private final Label chip = new Label();

        @Override
        protected void updateItem(String c, boolean empty) {
            super.updateItem(c, empty);
            if (empty || c == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            chip.setText(c);
            chip.setMinWidth(Region.USE_PREF_SIZE);
            chip.getStyleClass().setAll("label", "class-badge", "class-" + c);
            setGraphic(chip);
        }
    }

    private static final class NumberCell extends TableCell<ResultItem, Number> {
        private final String format;

        NumberCell(String format) {
            this.format = format;
            getStyleClass().add("num-cell");
        }

        @Override
        protected void updateItem(Number v, boolean empty) {
            super.updateItem(v, empty);
            setText(empty || v == null || Double.isNaN(v.doubleValue()) ? null : String.format(Locale.ROOT, format, v.doubleValue()));
        }
    }
}
