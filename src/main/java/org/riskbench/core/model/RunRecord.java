package org.riskbench.core.model;

import java.time.Instant;

/** A tracked run (docs/spec/tracking.md): any engine run or pipeline step. JSON maps are kept as text. */
public record RunRecord(
        String id,
        String kind,
        String project,
        String name,
        String status,
        String jobId,
        Instant startedAt,
        Instant finishedAt,
        String paramsJson,
        String metricsJson,
        String tagsJson,
        String artifactsJson,
        String outputDir,
        String errorMessage) {
}
