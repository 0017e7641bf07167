package org.riskbench.ui.shell;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.riskbench.app.CalibrationService;
import org.riskbench.app.InboxService;
import org.riskbench.app.ProjectService;
import org.riskbench.app.ReplayService;
import org.riskbench.app.RetrainingService;
import org.riskbench.app.ScenarioService;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.jobs.JobService;

/**
 * The window's view of the workspace's jobs for the status bar: which are running (from any process), and which
 * ended since the last look, so the window can tell the user when one ends while another screen is shown.
 */
final class JobWatch implements AutoCloseable {
    static final long POLL_MILLIS = 1500;
    private static final Map<String, String> SCREEN_OF_KIND = Map.of(
            ScenarioService.KIND, "Scenarios", ReplayService.KIND, "Acceptance", CalibrationService.KIND, "Calibration",
            InboxService.KIND, "Inference", RetrainingService.KIND, "Models", ProjectService.KIND_STEP, "Runs");

    /** What the status bar shows: the active jobs, newest first. */
    record Active(List<JobRecord> jobs) {
        String text() {
            if (jobs.isEmpty()) {
                return "No jobs running";
            }
            long running = jobs.stream().filter(j -> j.status() == JobStatus.RUNNING).count();
            long waiting = jobs.size() - running;
            JobRecord first = jobs.stream().filter(j -> j.status() == JobStatus.RUNNING).findFirst().orElse(jobs.get(0));
            String counts = running + (running == 1 ? " job running" : " jobs running") + (waiting > 0 ? ", " + waiting + " waiting" : "");
            return counts + " · " + first.kind() + " " + JobProgress.text(first);
        }

        /** The progress of the first running job, -1 (indeterminate) while only waiting ones, 0 when none. */
        double progress() {
            if (jobs.isEmpty()) {
                return 0;
            }
            return jobs.stream().filter(j -> j.status() == JobStatus.RUNNING).findFirst().map(JobRecord::progress).orElse(-1.0);
        }
    }

    private final JobService jobs;
    private final Consumer<Active> onActive;
    private final Consumer<JobRecord> onEnded;
    /** Jobs that ended after this instant are told about (not those of the workspace's past). */
    private final java.time.Instant since = java.time.Instant.now();
    private final java.util.Set<String> told = new java.util.HashSet<>();
    private ScheduledFuture<?> poll;

    /** Both callbacks run on the FX thread. */
    JobWatch(JobService jobs, Consumer<Active> onActive, Consumer<JobRecord> onEnded) {
        this.jobs = jobs;
        this.onActive = onActive;
        this.onEnded = onEnded;
    }

    void start() {
        poll = Fx.every(POLL_MILLIS, this::look);
    }

    /**
     * One look at the store (background thread). Ended jobs are those finished since the window opened the workspace
     * and not told yet, so a job that starts and ends between two looks is told too.
     */
    synchronized void look() {
        List<JobRecord> active = jobs.list(EnumSet.of(JobStatus.PENDING, JobStatus.RUNNING), null, 200);
        List<JobRecord> ended = new java.util.ArrayList<>(jobs.list(EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED,
                        JobStatus.CANCELLED), null, 50).stream()
                .filter(j -> j.finishedAt() != null && !j.finishedAt().isBefore(since) && told.add(j.id()))
                .toList());
        java.util.Collections.reverse(ended); // oldest first, as they ended
        Fx.later(() -> {
            onActive.accept(new Active(active));
            ended.forEach(onEnded);
        });
    }

    /** The screen that shows jobs of this kind, if one does. */
    static Optional<String> screenOf(String kind) {
        return Optional.ofNullable(SCREEN_OF_KIND.get(kind));
    }

    /** Whether to tell the user that {@code job} ended: not when the screen that shows it, or Jobs, is in view. */
    static boolean worthNotifying(JobRecord job, Supplier<String> shownScreen) {
        String shown = shownScreen.get();
        return shown != null && !"Jobs".equals(shown) && !screenOf(job.kind()).map(shown::equals).orElse(false);
    }

    @Override
    public void close() {
        if (poll != null) {
            poll.cancel(false);
        }
    }
}
