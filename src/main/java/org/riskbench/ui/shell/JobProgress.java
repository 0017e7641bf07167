package org.riskbench.ui.shell;

import java.util.Locale;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;

/** How a screen shows the job it started: a progress bar value and a line of text. */
public final class JobProgress {
    /** The text before the job has any status. */
    public static final String QUEUED = "Queued…";

    private JobProgress() {
    }

    /** The bar's value: indeterminate (-1) while the job waits for a worker, else its progress. */
    public static double bar(JobRecord job) {
        return job.status() == JobStatus.PENDING ? -1 : job.progress();
    }

    /** "Queued…" while pending, else the percentage and the job's progress message. */
    public static String text(JobRecord job) {
        if (job.status() == JobStatus.PENDING) {
            return QUEUED;
        }
        String message = job.progressMessage() == null ? "" : job.progressMessage();
        return String.format(Locale.ROOT, "%.0f%%  %s", job.progress() * 100, message).trim();
    }

    /**
     * Shows a followed job on a dialog's bar and status line: its progress, and its progress message when it has one.
     *
     * @return whether the job ended (the caller then shows the outcome)
     */
    public static boolean show(JobRecord job, javafx.scene.control.ProgressIndicator bar, javafx.scene.control.Labeled status) {
        bar.setProgress(job.progress());
        if (job.progressMessage() != null) {
            status.setText(job.progressMessage());
        }
        return job.status().isTerminal();
    }

    /** The line for a job that did not succeed: "{@code what} failed: why" (or cancelled). */
    public static String notSucceeded(String what, JobRecord job) {
        return what + " " + job.status().dbName() + (job.errorMessage() == null ? "" : ": " + job.errorMessage());
    }
}
