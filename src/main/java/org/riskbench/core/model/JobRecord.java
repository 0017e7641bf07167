package org.riskbench.core.model;

import java.time.Duration;
import java.time.Instant;

/** One job as stored. JSON columns are kept as text; timestamps are UTC instants (null when not reached). */
public record JobRecord(
        String id,
        String kind,
        JobStatus status,
        double progress,
        String progressMessage,
        String paramsJson,
        String resultJson,
        String errorMessage,
        String outputDir,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        int attempt,
        String retryOf,
        Integer timeoutSec,
        boolean cancelRequested,
        Long ownerPid,
        String ownerHost,
        Instant heartbeatAt,
        Instant ownerStartedAt) {

    /** Run time so far (running) or in total (finished); null before it starts. */
    public Duration duration(Instant now) {
        if (startedAt == null) {
            return null;
        }
        return Duration.between(startedAt, finishedAt != null ? finishedAt : now);
    }
}
