package org.riskbench.engine.retraining;

import java.util.Locale;
import java.util.Set;

/** Status of a retraining run: pending -> running -> completed | failed (pending -> failed when it cannot start). */
public enum RunStatus {
    PENDING, RUNNING, COMPLETED, FAILED;

    public boolean canMoveTo(RunStatus next) {
        return switch (this) {
            case PENDING -> Set.of(RUNNING, FAILED).contains(next);
            case RUNNING -> Set.of(COMPLETED, FAILED).contains(next);
            case COMPLETED, FAILED -> false;
        };
    }

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus of(String db) {
        return valueOf(db.toUpperCase(Locale.ROOT));
    }
}
