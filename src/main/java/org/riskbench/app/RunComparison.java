package org.riskbench.app;

import java.util.List;

/**
 * Two or more runs side by side: parameters whose values differ, those equal across all runs, and the
 * metric table. Each row holds one value per run, in the order of {@link #runs()} (null where a run lacks
 * the key).
 */
public record RunComparison(List<TrackedRun> runs, List<Row> differentParams, List<Row> equalParams, List<Row> metrics) {

    /** One key with its value in each run. */
    public record Row(String key, List<Object> values) {
    }
}
