package org.riskbench.jobs;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.riskbench.core.Progress;
import org.riskbench.store.JobRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running task sees: its id and output folder, a progress sink that is written to the store at
 * most a few times per second, a log stored with the job, and the cancel flag (set by the user, by
 * another process through the store, or by the timeout).
 */
public final class JobContext implements Progress {
    private static final Logger LOG = LoggerFactory.getLogger(JobContext.class);
    private static final long PROGRESS_INTERVAL_NANOS = 200_000_000L;

    private final String jobId;
    private final Path outputDir;
    private final JobRepository repository;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private volatile double fraction;
    private volatile String message = "";
    /** How the job ended in this process (set before it is recorded, which a full disk can prevent). */
    volatile JobService.Ending ending;
    private long lastWriteNanos;
    private double lastWrittenFraction = -1;

    JobContext(String jobId, Path outputDir, JobRepository repository) {
        this.jobId = jobId;
        this.outputDir = outputDir;
        this.repository = repository;
    }

    public String jobId() {
        return jobId;
    }

    public Path outputDir() {
        return outputDir;
    }

    @Override
    public void report(double fraction, String message) {
        this.fraction = fraction;
        this.message = message == null ? "" : message;
        long now = System.nanoTime();
        synchronized (this) {
            if (now - lastWriteNanos < PROGRESS_INTERVAL_NANOS && fraction < 1.0) {
                return;
            }
            lastWriteNanos = now;
            lastWrittenFraction = fraction;
        }
        repository.updateProgress(jobId, fraction, this.message);
    }

    /** Writes the latest progress if a throttled report has not reached the store yet. */
    void flushProgress() {
        synchronized (this) {
            if (lastWrittenFraction == fraction) {
                return;
            }
            lastWrittenFraction = fraction;
        }
        try {
            repository.updateProgress(jobId, fraction, message);
        } catch (org.riskbench.core.DiskFullException e) {
            LOG.debug("[{}] last progress not stored: {}", jobId, e.getMessage()); // the job's end reports it
        }
    }

    public double fraction() {
        return fraction;
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    /** A line in the job's log (stored, shown in the Jobs screen). */
    public void log(String line) {
        LOG.info("[{}] {}", jobId, line);
        repository.appendLog(jobId, "INFO", line);
    }

    public void warn(String line) {
        LOG.warn("[{}] {}", jobId, line);
        repository.appendLog(jobId, "WARN", line);
    }

    void cancel() {
        cancelled.set(true);
    }

    void timeOut() {
        timedOut.set(true);
        cancelled.set(true);
    }

    boolean timedOut() {
        return timedOut.get();
    }
}
