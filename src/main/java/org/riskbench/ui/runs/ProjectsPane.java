package org.riskbench.ui.runs;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.riskbench.app.ProjectService;
import org.riskbench.app.ProjectService.ProjectInfo;
import org.riskbench.app.ProjectService.StepState;
import org.riskbench.ui.shell.StatusChipCell;

/**
 * The Projects tab of the Runs screen: projects on the left (New project…, Open folder), the selected project's
 * pipeline steps on the right with the latest execution of each, and Run step with its run options, progress and
 * Cancel. Built in code (like the Inference screen's Results pane); all state lives in {@link ProjectsViewModel}.
 */
final class ProjectsPane extends BorderPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ProjectsViewModel vm;
    private final Path projectsFolder;

    ProjectsPane(ProjectsViewModel vm, Path projectsFolder, Consumer<Path> opener) {
        this.vm = vm;
        this.projectsFolder = projectsFolder;
        setId("projectsPane");

        // left: the projects
        Label heading = new Label("Projects");
        heading.getStyleClass().add("section-label");
        Button create = new Button("New project…", new FontIcon("mdi2f-folder-plus-outline"));
        create.setId("newProjectButton");
        create.setOnAction(e -> newProject());
        Button open = new Button("Open folder", new FontIcon("mdi2f-folder-open"));
        open.setId("openProjectFolderButton");
        open.disableProperty().bind(vm.selectedProperty().isNull());
        open.setOnAction(e -> {
            ProjectInfo p = vm.selectedProperty().get();
            if (p != null) {
                opener.accept(p.dir());
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox projectBar = new HBox(8, heading, spacer, create, open);
        projectBar.setAlignment(Pos.CENTER_LEFT);

        TableView<ProjectInfo> projectTable = new TableView<>(vm.projects());
        projectTable.setId("projectTable");
        org.riskbench.ui.shell.Columns.keepHeadersWhole(projectTable);
        projectTable.getStyleClass().addAll("compact-table", "dense");
        // names and templates whole ("acceptance-calibrat…" hid which template); the folder takes the rest and
        // keeps its end, the part that names the project
        TableColumn<ProjectInfo, String> name = column("Name", 100, ProjectInfo::name);
        TableColumn<ProjectInfo, String> template = column("Template", 120, p -> p.template().isEmpty() ? "(folder)" : p.template());
        org.riskbench.ui.shell.Columns.fitContent(name);
        org.riskbench.ui.shell.Columns.fitContent(template);
        TableColumn<ProjectInfo, String> folder = column("Folder", 160, p -> p.dir().toString());
        folder.setMinWidth(120);
        folder.setCellFactory(c -> new LeadingEllipsisCell<>());
        projectTable.getColumns().addAll(List.of(name, template, folder));
        org.riskbench.ui.shell.Columns.fillWithLast(projectTable, folder);
        Label empty = new Label();
        empty.textProperty().bind(vm.emptyTextProperty());
        empty.getStyleClass().add("text-muted");
        empty.setWrapText(true);
        empty.setPadding(new Insets(12));
        projectTable.setPlaceholder(empty);
        projectTable.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedProperty().set(b);
            }
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b == null) {
                projectTable.getSelectionModel().clearSelection();
            } else if (!b.equals(projectTable.getSelectionModel().getSelectedItem())) {
                projectTable.getSelectionModel().select(b);
                projectTable.scrollTo(b);
            }
        });
        VBox.setVgrow(projectTable, Priority.ALWAYS);
        VBox left = new VBox(6, projectBar, projectTable);
        left.getStyleClass().add("detail-pane");

        // right: the selected project's steps
        Label title = new Label();
        title.setId("projectTitle");
        title.getStyleClass().add("title-4");
        title.textProperty().bind(vm.titleProperty());
        Label state = new Label();
        state.setId("projectState");
        state.getStyleClass().add("text-muted");
        state.setWrapText(true);
        state.textProperty().bind(vm.stateTextProperty());

        TableView<StepState> stepTable = new TableView<>(vm.steps());
        org.riskbench.ui.shell.Columns.keepHeadersWhole(stepTable);
        stepTable.setId("stepTable");
        stepTable.getStyleClass().addAll("compact-table", "dense");
        stepTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<StepState, String> number = column("#", 34, s -> Integer.toString(vm.steps().indexOf(s) + 1));
        number.setStyle("-fx-alignment: CENTER-RIGHT;");
        number.setSortable(false);
        TableColumn<StepState, String> stepName = column("Step", 80, StepState::step);
        stepName.setSortable(false);
        TableColumn<StepState, String> status = column("Latest", 100, s -> s.status() == null ? "" : s.status());
        status.setCellFactory(c -> new StatusChipCell<>());
        status.setSortable(false);
        TableColumn<StepState, String> finished = column("Finished", 165, s -> s.finishedAt() == null ? "" : TIME.format(s.finishedAt()));
        finished.setSortable(false);
        TableColumn<StepState, String> run = column("Run", 215, s -> s.runId() == null ? "" : s.runId());
        run.setSortable(false);
        TableColumn<StepState, String> note = column("Note", 150, s -> s.error() != null && "failed".equals(s.status()) ? s.error()
                : s.status() == null ? "not run yet" : s.runId() != null && s.runId().equals(vm.openRunIdProperty().get())
                ? "in the open run" : "");
        note.setCellFactory(c -> new LeadingEllipsisCell<>(false));
        note.setSortable(false);
        stepTable.getColumns().setAll(java.util.List.of(number, stepName, status, finished, run, note));
        stepTable.setPlaceholder(new Label("Select a project on the left."));
        stepTable.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedStepProperty().set(b);
            }
        });
        vm.selectedStepProperty().addListener((o, a, b) -> {
            if (b != null && !b.equals(stepTable.getSelectionModel().getSelectedItem())) {
                stepTable.getSelectionModel().select(b);
            }
        });
        VBox.setVgrow(stepTable, Priority.ALWAYS);

        CheckBox startRun = new CheckBox("Start a new run");
        startRun.setId("startRunCheck");
        startRun.selectedProperty().bindBidirectional(vm.startRunProperty());
        startRun.disableProperty().bind(vm.openRunIdProperty().isNotNull().or(vm.runningProperty()));
        startRun.setTooltip(new Tooltip("Open a run first; the following steps join it until one ends it."));
        CheckBox endRun = new CheckBox("End the run after");
        endRun.setId("endRunCheck");
        endRun.selectedProperty().bindBidirectional(vm.endRunProperty());
        endRun.disableProperty().bind(vm.runningProperty());
        endRun.setTooltip(new Tooltip("Close the run after this step (a step with no open run makes a one-step run anyway)."));
        Button runButton = new Button("Run step", new FontIcon("mdi2p-play"));
        runButton.setId("runStepButton");
        runButton.getStyleClass().add("accent");
        runButton.textProperty().bind(Bindings.createStringBinding(() -> vm.selectedStepProperty().get() == null ? "Run step"
                : "Run " + vm.selectedStepProperty().get().step(), vm.selectedStepProperty()));
        runButton.disableProperty().bind(vm.selectedStepProperty().isNull().or(vm.runningProperty()));
        runButton.setOnAction(e -> vm.runStep());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox controls = new HBox(14, startRun, endRun, gap, runButton);
        controls.setAlignment(Pos.CENTER_LEFT);

        ProgressBar bar = new ProgressBar();
        bar.setId("stepProgress");
        bar.setPrefWidth(220);
        bar.progressProperty().bind(vm.progressProperty());
        Label progressText = new Label();
        progressText.getStyleClass().add("text-muted");
        progressText.textProperty().bind(vm.progressTextProperty());
        progressText.setMinWidth(0);
        HBox.setHgrow(progressText, Priority.ALWAYS);
        Button cancel = new Button("Cancel", new FontIcon("mdi2s-stop"));
        cancel.setId("cancelStepButton");
        cancel.setOnAction(e -> vm.cancel());
        HBox progressBox = new HBox(8, bar, progressText, cancel);
        progressBox.setAlignment(Pos.CENTER_LEFT);
        progressBox.visibleProperty().bind(vm.runningProperty());

        Label message = new Label();
        message.setId("stepMessage");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.runningProperty().not());
        vm.messageStyleProperty().addListener((o, a, style) -> message.getStyleClass().setAll("label", style));
        message.getStyleClass().setAll("label", vm.messageStyleProperty().get());

        // progress while a step runs, else the last outcome: one slot of fixed height, so the buttons stay put
        StackPane outcome = new StackPane(progressBox, message);
        outcome.setAlignment(Pos.TOP_LEFT);
        StackPane.setAlignment(progressBox, Pos.CENTER_LEFT);
        outcome.setMinHeight(40);
        outcome.setPrefHeight(40);
        outcome.setMaxHeight(40);
        VBox right = new VBox(6, title, state, stepTable, controls, outcome);
        right.getStyleClass().add("detail-pane");
        right.disableProperty().bind(vm.selectedProperty().isNull());

        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.4);
        setCenter(split);
    }

    /** The New project… dialog: template and name; the dialog stays open and says why when creating fails. */
    private void newProject() {
        Dialog<ButtonType> dialog = new Dialog<>();
        if (getScene() != null) {
            dialog.initOwner(getScene().getWindow());
        }
        dialog.setTitle("New project");
        dialog.setHeaderText("A project from a template: its project.yaml, sample data and folders");
        ButtonType createType = new ButtonType("Create", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(createType, ButtonType.CANCEL);
        ComboBox<String> template = new ComboBox<>();
        template.setId("templateChoice");
        template.getItems().setAll(ProjectService.TEMPLATES);
        template.getSelectionModel().selectFirst();
        template.setMaxWidth(Double.MAX_VALUE);
        TextField name = new TextField();
        name.setId("projectNameField");
        name.setPromptText("e.g. churn");
        Label where = new Label();
        where.getStyleClass().add("hint-text");
        where.textProperty().bind(Bindings.createStringBinding(() -> "Folder: "
                + projectsFolder.resolve(name.getText().isBlank() ? "NAME" : name.getText().strip()), name.textProperty()));
        Label error = new Label();
        error.setId("newProjectError");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.setMaxWidth(460);
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, new Label("Template"), template);
        form.addRow(1, new Label("Name"), name);
        form.add(where, 1, 2);
        form.add(error, 0, 3, 2, 1);
        form.setPrefWidth(480);
        dialog.getDialogPane().setContent(form);
        Button ok = (Button) dialog.getDialogPane().lookupButton(createType);
        ok.setId("createProjectButton");
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();   // closes only once the project exists
            ok.setDisable(true);
            error.setText("");
            vm.createProject(template.getValue(), name.getText(), problem -> {
                ok.setDisable(false);
                if (problem == null) {
                    dialog.setResult(ButtonType.OK);
                    dialog.close();
                } else {
                    error.setText(problem);
                }
            });
        });
        dialog.setOnShown(e -> name.requestFocus());
        dialog.show();
    }

    private static <S> TableColumn<S, String> column(String title, double width, Function<S, String> value) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    /** A long text (a folder, an error) with its whole value as a tooltip; folders keep their end visible. */
    private static final class LeadingEllipsisCell<S> extends TableCell<S, String> {
        LeadingEllipsisCell() {
            this(true);
        }

        LeadingEllipsisCell(boolean leading) {
            setTextOverrun(leading ? javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS : javafx.scene.control.OverrunStyle.ELLIPSIS);
        }

        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            setText(empty ? null : text);
            setTooltip(empty || text == null || text.isEmpty() ? null : new Tooltip(text));
        }
    }
}
