package org.riskbench.engine.acceptance;

import java.util.Objects;

/** The result of a replay: the summary and the per-step trace (docs/spec/acceptance.md). */
public record ReplayResult(String profileName, String seriesSource, ReplaySummary summary, Trace trace) {
    public ReplayResult {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(trace, "trace");
    }
}
