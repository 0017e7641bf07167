package org.riskbench.ui.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.riskbench.app.ProjectService;
import org.riskbench.app.ProjectStepJobResult;
import org.riskbench.app.ProjectService.ProjectInfo;
import org.riskbench.app.ProjectService.ProjectState;
import org.riskbench.app.ProjectService.StepState;
import org.riskbench.core.model.JobRecord;
import org.riskbench.jobs.JobService;
import org.riskbench.ui.shell.ErrorDialog;
import org.riskbench.ui.shell.Fx;
import org.riskbench.ui.shell.JobFollower;
import org.riskbench.ui.shell.JobProgress;

/**
 * State of the Runs screen's Projects tab: the workspace's projects, the selected project's pipeline steps with
 * the latest tracked execution of each, and one step at a time run as a {@code pipeline-step} job (progress,
 * cancel). Service calls run in the background through {@link Fx}; properties change on the FX thread.
 */
public final class ProjectsViewModel {
    static final long POLL_MILLIS = 250;
    /** Style classes of the outcome message (riskbench.css). */
    static final String OK_STYLE = "grid-ok";
    static final String WARNING_STYLE = "warning-text";
    static final String ERROR_STYLE = "error-text";

    private final ProjectService projects;
    private final ObservableList<ProjectInfo> projectList = FXCollections.observableArrayList();
    private final ObjectProperty<ProjectInfo> selected = new SimpleObjectProperty<>();
    private final ObservableList<StepState> steps = FXCollections.observableArrayList();
    private final ObjectProperty<StepState> selectedStep = new SimpleObjectProperty<>();
    private final StringProperty title = new SimpleStringProperty("");
    private final StringProperty stateText = new SimpleStringProperty("");
    private final StringProperty openRunId = new SimpleStringProperty();
    private final BooleanProperty startRun = new SimpleBooleanProperty();
    private final BooleanProperty endRun = new SimpleBooleanProperty();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty progressText = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty messageStyle = new SimpleStringProperty(OK_STYLE);
    private final StringProperty emptyText = new SimpleStringProperty("Loading projects…");
    private final ObjectProperty<Throwable> lastError = new SimpleObjectProperty<>();
    private Runnable onStepFinished = () -> { };
    /** The job this screen started, followed while the screen shows. */
    private final JobFollower follower;
    private String activeStep;
    private boolean visible;

    public ProjectsViewModel(ProjectService projects, JobService jobs) {
        this.projects = projects;
        this.follower = new JobFollower(jobs, POLL_MILLIS, this::applyJob);
        selected.addListener((o, a, b) -> {
            if (a == null || b == null || !a.dir().equals(b.dir())) {
                selectedStep.set(null);
                message.set("");
            }
            refreshSelected();
        });
        openRunId.addListener((o, a, b) -> {
            if (b != null) {
                startRun.set(false);
            }
        });
        refreshSelected();
    }

    /** Called after a step job ends (the screen refreshes its runs table). */
    public void setOnStepFinished(Runnable action) {
        this.onStepFinished = action == null ? () -> { } : action;
    }

    /** The screen became visible: list the projects, follow a running step again. */
    public void start() {
        visible = true;
        refresh();
        follower.resume();
    }

    public void stop() {
        visible = false;
        follower.pause();
    }

    /** Lists the projects in the background; the selection is kept by folder. */
    public void refresh() {
        Fx.async(projects::list, this::applyProjects, lastError::set);
    }

    private void applyProjects(List<ProjectInfo> list) {
        ProjectInfo before = selected.get();
        projectList.setAll(list);
        emptyText.set("No projects yet. Press New project… to make one from a template\n"
                + "(or run: riskbench project create tabular-classification NAME).");
        if (before != null) {
            list.stream().filter(p -> p.dir().equals(before.dir())).findFirst().ifPresentOrElse(p -> {
                if (p.equals(before)) {
                    refreshSelected();
                } else {
                    selected.set(p);
                }
            }, () -> selected.set(null));
        }
    }

    /** Reads the selected project's run folders in the background for its steps' latest state. */
    public void refreshSelected() {
        ProjectInfo p = selected.get();
        if (p == null) {
            title.set("No project selected");
            stateText.set("Select a project to see its pipeline steps.");
            openRunId.set(null);
            steps.clear();
            return;
        }
        title.set(p.name() + (p.template().isEmpty() ? "" : "  ·  " + p.template()));
        Fx.async(() -> projects.state(p), this::applyState, lastError::set);
    }

    private void applyState(ProjectState state) {
        if (selected.get() == null || !selected.get().dir().equals(state.project().dir())) {
            return; // another project was selected meanwhile
        }
        openRunId.set(state.openRunId());
        String runs = state.runs() == 1 ? "1 run" : state.runs() + " runs";
        stateText.set(state.openRunId() == null ? "No open run · " + runs + " · the next step makes a one-step run, or tick "
                + "\"Start a new run\"" : "Run " + state.openRunId() + " is open · " + runs + " · steps join it until one ends it");
        String keep = selectedStep.get() == null ? null : selectedStep.get().step();
        List<StepState> rows = new ArrayList<>(state.steps());
        if (running.get() && activeStep != null) {
            rows.replaceAll(s -> s.step().equals(activeStep) ? new StepState(s.step(), "running", null, s.runId(), null) : s);
        }
        steps.setAll(rows);
        String pick = keep != null ? keep
                : rows.stream().filter(s -> !s.ran()).map(StepState::step).findFirst().orElse(rows.get(0).step());
        rows.stream().filter(s -> s.step().equals(pick)).findFirst().ifPresent(selectedStep::set);
    }

    /** Creates a project from a template in the background; {@code done} gets null, or the message to show. */
    public void createProject(String template, String name, Consumer<String> done) {
        String trimmed = name == null ? "" : name.strip();
        if (template == null) {
            done.accept("Choose a template.");
            return;
        }
        if (trimmed.isEmpty()) {
            done.accept("Give the project a name (letters, digits, '.', '_' or '-').");
            return;
        }
        Fx.async(() -> projects.create(template, trimmed, null), created -> {
            done.accept(null);
            message.set("Created project " + created.name() + " from " + template + " in " + created.dir());
            messageStyle.set(OK_STYLE);
            Fx.async(projects::list, list -> {
                applyProjects(list);
                list.stream().filter(p -> p.dir().equals(created.dir())).findFirst().ifPresent(selected::set);
            }, lastError::set);
        }, error -> done.accept(ErrorDialog.userMessage(error)));
    }

    /** Runs the selected step of the selected project as a job, with the two run checkboxes. */
    public void runStep() {
        ProjectInfo p = selected.get();
        StepState step = selectedStep.get();
        if (p == null || step == null || running.get()) {
            return;
        }
        running.set(true);
        activeStep = step.step();
        progress.set(-1);
        progressText.set(JobProgress.QUEUED);
        message.set("");
        markRunning(step.step());
        ProjectService.StepRequest request = new ProjectService.StepRequest(p.dir(), step.step(), startRun.get(), endRun.get(),
                null, null);
        Fx.async(() -> projects.submitStep(request).id(), id -> {
            follower.watch(id);
        }, error -> {
            running.set(false);
            activeStep = null;
            showMessage("The step could not start: " + ErrorDialog.userMessage(error), ERROR_STYLE);
            refreshSelected();
        });
    }

    private void markRunning(String step) {
        for (int i = 0; i < steps.size(); i++) {
            StepState s = steps.get(i);
            if (s.step().equals(step)) {
                steps.set(i, new StepState(s.step(), "running", null, s.runId(), null));
                selectedStep.set(steps.get(i));
            }
        }
    }

    /** Asks the running step to stop. */
    public void cancel() {
        follower.cancel(progressText, "Cancelling…", lastError::set);
    }

    private void applyJob(JobRecord job) {
        progress.set(JobProgress.bar(job));
        progressText.set(JobProgress.text(job));
        if (!job.status().isTerminal()) {
            return;
        }
        String step = activeStep;
        activeStep = null;
        running.set(false);
        endRun.set(false);   // ending a run is a one-time choice; the next step joins or makes a run again
        showOutcome(job, step);
        switch (job.status()) {
            case SUCCEEDED -> succeeded(job, step);
            case CANCELLED -> showMessage(step + " was cancelled (job " + job.id() + "); its run is marked cancelled.", WARNING_STYLE);
            default -> showMessage(step + " failed (job " + job.id() + "): "
                    + (job.errorMessage() == null ? "no message; see the Jobs screen" : job.errorMessage())
                    + " The run is marked failed and keeps its log.", ERROR_STYLE);
        }
        refreshSelected();
        onStepFinished.run();
    }

    /** The step's row shows the job's outcome at once; the run folders' reading that follows makes it exact. */
    private void showOutcome(JobRecord job, String step) {
        for (int i = 0; i < steps.size(); i++) {
            StepState s = steps.get(i);
            if (s.step().equals(step)) {
                boolean selectedRow = s.equals(selectedStep.get());
                ProjectStepJobResult r = result(job);
                String runId = r == null ? s.runId() : r.runId();
                steps.set(i, new StepState(step, job.status().dbName(), job.finishedAt(), runId, job.errorMessage()));
                if (selectedRow) {
                    selectedStep.set(steps.get(i));
                }
            }
        }
    }

    /** The step job's result; null when it has none (it failed or was cancelled) or it is unreadable. */
    private static ProjectStepJobResult result(JobRecord job) {
        try {
            return job.resultJson() == null ? null : ProjectStepJobResult.fromJson(job.resultJson());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void succeeded(JobRecord job, String step) {
        ProjectStepJobResult r = result(job);
        if (r == null) {
            showMessage(step + " succeeded.", OK_STYLE);
        } else {
            String run = "run " + r.runId() + (r.runOpen() ? " (still open)" : " (closed)");
            List<String> log = r.logLines();
            if (r.fired()) {
                showMessage(step + " succeeded in " + run + ", and its trigger fired: " + String.join("; ", r.triggerLines()),
                        WARNING_STYLE);
            } else {
                showMessage(step + " succeeded in " + run + (log.isEmpty() ? "." : ": " + log.get(log.size() - 1)), OK_STYLE);
            }
        }
        // the next step of the pipeline is the likely next thing to run
        for (int i = 0; i + 1 < steps.size(); i++) {
            if (steps.get(i).step().equals(step)) {
                selectedStep.set(steps.get(i + 1));
                break;
            }
        }
    }

    private void showMessage(String text, String style) {
        message.set(text);
        messageStyle.set(style);
    }

    public ObservableList<ProjectInfo> projects() {
        return projectList;
    }

    public ObjectProperty<ProjectInfo> selectedProperty() {
        return selected;
    }

    public ObservableList<StepState> steps() {
        return steps;
    }

    public ObjectProperty<StepState> selectedStepProperty() {
        return selectedStep;
    }

    public StringProperty titleProperty() {
        return title;
    }

    public StringProperty stateTextProperty() {
        return stateText;
    }

    public StringProperty openRunIdProperty() {
        return openRunId;
    }

    public BooleanProperty startRunProperty() {
        return startRun;
    }

    public BooleanProperty endRunProperty() {
        return endRun;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty progressTextProperty() {
        return progressText;
    }

    public StringProperty messageProperty() {
        return message;
    }

    /** The outcome message's style class: {@link #OK_STYLE}, {@link #WARNING_STYLE} or {@link #ERROR_STYLE}. */
    public StringProperty messageStyleProperty() {
        return messageStyle;
    }

    public StringProperty emptyTextProperty() {
        return emptyText;
    }

    public ObjectProperty<Throwable> lastErrorProperty() {
        return lastError;
    }
}
