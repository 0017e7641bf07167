package org.riskbench.ui.shell;

import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.riskbench.core.model.JobRecord;
import org.riskbench.jobs.JobService;

/**
 * Follows the job a screen started: its record is read in the background every {@code millis} while the screen is
 * shown, each state reaches {@code onUpdate} on the FX thread, and the polling ends with the job (the follower forgets
 * it before the last update, so {@link #jobId()} is null there). A hidden screen pauses the follower; the job goes on
 * and is followed again when the screen shows. Used on the FX thread only. (The window's {@link JobWatch} looks at
 * every job of the workspace, for the status bar.)
 */
public final class JobFollower {
    private final JobService jobs;
    private final long millis;
    private final Consumer<JobRecord> onUpdate;
    private String jobId;
    private boolean paused;
    private ScheduledFuture<?> poll;

    public JobFollower(JobService jobs, long millis, Consumer<JobRecord> onUpdate) {
        this.jobs = jobs;
        this.millis = millis;
        this.onUpdate = onUpdate;
    }

    /** Follows {@code id} from now on (instead of any job followed before). */
    public void watch(String id) {
        stopPolling();
        jobId = id;
        if (!paused) {
            startPolling();
        }
    }

    /** The job followed, or null once it ended (or before one started). */
    public String jobId() {
        return jobId;
    }

    /** The screen is hidden: no reads until {@link #resume()}. */
    public void pause() {
        paused = true;
        stopPolling();
    }

    /** The screen shows again: a job still followed is read again. */
    public void resume() {
        paused = false;
        if (jobId != null && poll == null) {
            startPolling();
        }
    }

    /** Asks the followed job to stop; its end arrives through the updates. */
    public void cancel(Consumer<Throwable> onError) {
        String id = jobId;
        if (id != null) {
            Fx.async(() -> jobs.cancel(id), status -> { }, onError);
        }
    }

    /**
     * Asks the followed job to stop, showing {@code saying} (the screen's "Cancelling…") on its progress line until the
     * end arrives; nothing when no job is followed.
     */
    public void cancel(javafx.beans.property.StringProperty progressLine, String saying, Consumer<Throwable> onError) {
        if (jobId != null) {
            progressLine.set(saying);
            cancel(onError);
        }
    }

    private void startPolling() {
        String id = jobId;
        poll = Fx.every(millis, () -> jobs.find(id).ifPresent(job -> Fx.later(() -> apply(job))));
    }

    private void apply(JobRecord job) {
        if (!job.id().equals(jobId)) {
            return; // a late read of a job no longer followed
        }
        if (job.status().isTerminal()) {
            stopPolling();
            jobId = null;
        }
        onUpdate.accept(job);
    }

    private void stopPolling() {
        if (poll != null) {
            poll.cancel(false);
            poll = null;
        }
    }
}
