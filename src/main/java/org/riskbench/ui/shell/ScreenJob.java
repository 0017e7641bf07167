package org.riskbench.ui.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.core.model.RunRecord;
import org.riskbench.jobs.JobService;

/**
 * The one job a run screen (Acceptance, Calibration) starts with its Run button: submitted in the background, followed
 * with a {@link JobFollower} while the screen shows, its progress on the bar and the line beside it, and its outcome on
 * the run message ("Replay ID finished.", "Calibration ID failed: why"). The run message is the screen's line under
 * Run: the view model writes its own refusals there too. Used on the FX thread only.
 */
public final class ScreenJob {
    private final String what;
    private final JobFollower follower;
    private final Consumer<JobRecord> onEnd;
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty progressMessage = new SimpleStringProperty("");
    private final StringProperty runMessage = new SimpleStringProperty("");

    /**
     * @param what  the job's name in the run message, e.g. {@code Replay}
     * @param onEnd what the screen does once the job ended, after the run message says how (e.g. load its output)
     */
    public ScreenJob(JobService jobs, long pollMillis, String what, Consumer<JobRecord> onEnd) {
        this.what = what;
        this.onEnd = onEnd;
        this.follower = new JobFollower(jobs, pollMillis, this::apply);
    }

    /**
     * Submits a job in the background ({@code submit} returns its id) and follows it; {@code firstLine} shows beside the
     * bar until the job reports. A refusal ends the run at once, its sentence as the run message.
     */
    public void submit(String firstLine, Callable<String> submit) {
        running.set(true);
        progress.set(0);
        progressMessage.set(firstLine);
        runMessage.set("");
        Fx.async(submit, follower::watch, error -> {
            running.set(false);
            runMessage.set(ErrorDialog.userMessage(error));
        });
    }

    private void apply(JobRecord job) {
        progress.set(job.progress());
        progressMessage.set(job.progressMessage() == null ? job.status().dbName() : job.progressMessage());
        if (!job.status().isTerminal()) {
            return;
        }
        running.set(false);
        runMessage.set(succeededWithOutput(job) ? what + " " + job.id() + " finished."
                : what + " " + job.id() + " " + job.status().dbName() + (job.errorMessage() == null ? "." : ": " + job.errorMessage()));
        onEnd.accept(job);
    }

    /** Whether an ended job left an output folder to show. */
    public static boolean succeededWithOutput(JobRecord job) {
        return job.status() == JobStatus.SUCCEEDED && job.outputDir() != null;
    }

    /** Asks the followed job to stop ("cancelling…" beside the bar until it ends); nothing when none is followed. */
    public void cancel(Consumer<Throwable> onError) {
        follower.cancel(progressMessage, "cancelling…", onError);
    }

    /**
     * The screen shows: its previous runs are read again into {@code runs}, the newest one with results opened when
     * {@code openNewest} still holds once they are read (nothing shown yet, no job followed: as an analyst expects), and
     * a job still followed is read again.
     */
    public void shown(Callable<List<RunRecord>> recentRuns, ObservableList<RunRecord> runs, BooleanSupplier openNewest,
                      Consumer<RunRecord> open, Consumer<Throwable> onError) {
        if (openNewest.getAsBoolean()) {
            Fx.async(recentRuns, list -> {
                runs.setAll(list);
                if (openNewest.getAsBoolean()) {
                    newestShowable(list).ifPresent(open);
                }
            }, onError);
        } else {
            Fx.async(recentRuns, runs::setAll, onError);
        }
        resume();
    }

    /** The screen is hidden: no reads (the job goes on). */
    public void pause() {
        follower.pause();
    }

    /** The screen shows again: a job still followed is read again. */
    public void resume() {
        follower.resume();
    }

    /** Whether a job of this screen is still followed. */
    public boolean following() {
        return follower.jobId() != null;
    }

    /**
     * The output folder of a previous run picked in the screen's list, or empty when it has none to show (it did not
     * succeed): then the run message says so ("Replay ID failed: why; nothing to show."). Either way a message about
     * another run is cleared, so it is not read as this one's.
     */
    public Optional<Path> outputOf(RunRecord run) {
        runMessage.set("");
        if (run.outputDir() == null || !"succeeded".equals(run.status())) {
            runMessage.set(what + " " + run.id() + " " + run.status() + (run.errorMessage() == null ? "" : ": " + run.errorMessage())
                    + "; nothing to show.");
            return Optional.empty();
        }
        return Optional.of(Path.of(run.outputDir()));
    }

    /** The newest run of {@code runs} (newest first) that succeeded with an output folder: what a first visit shows. */
    static Optional<RunRecord> newestShowable(List<RunRecord> runs) {
        return runs.stream().filter(r -> "succeeded".equals(r.status()) && r.outputDir() != null).findFirst();
    }

    /**
     * Shows the job on the screen's controls: Cancel enabled and the progress row (bar and line) shown while it runs,
     * and the run message below them, taking room (and clicks) only while it says something.
     */
    public void showOn(Button cancel, Node progressRow, ProgressBar bar, Label progressLine, Label message) {
        cancel.disableProperty().bind(running.not());
        progressRow.visibleProperty().bind(running);
        progressRow.managedProperty().bind(running);
        bar.progressProperty().bind(progress);
        progressLine.textProperty().bind(progressMessage);
        message.textProperty().bind(runMessage);
        message.managedProperty().bind(runMessage.isNotEmpty());
        // unmanaged but visible, it kept its last bounds over the Run button and took its clicks
        message.visibleProperty().bind(message.managedProperty());
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty progressMessageProperty() {
        return progressMessage;
    }

    public StringProperty runMessageProperty() {
        return runMessage;
    }
}
