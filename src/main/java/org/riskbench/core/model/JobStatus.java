package org.riskbench.core.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A job's life: {@code pending -> running -> succeeded | failed | cancelled}. A pending job may also be
 * cancelled before it starts, or failed when the process that queued it died before running it.
 * Any other move is a bug and is refused.
 */
public enum JobStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public Set<JobStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, CANCELLED, FAILED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
            default -> EnumSet.noneOf(JobStatus.class);
        };
    }

    public boolean canMoveTo(JobStatus target) {
        return next().contains(target);
    }

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromDb(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
