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
}
