package org.riskbench.engine.scenario;

import java.util.List;

/**
 * Metrics of one scenario, one row of {@code runs.csv} (spec "Model and scenarios"). Percentiles are numpy's
 * default linear interpolation (see {@link Percentiles}); {@code es_95} is the mean of scores {@code >= score_p95};
 * errors are {@code score - target} of the drawn row; a hit is {@code |score - target| <= hit_band * residual_sd}.
 */
public record ScenarioMetrics(
        int scenarioId,
        long seed,
        int numRows,
        double avgScore,
        double maxScore,
        double minScore,
        double scoreP05,
        double scoreP50,
        double scoreP95,
        double es95,
        double rmse,
        double mae,
        double pHit,
        long numHits,
        double runtimeSec) {

    /**
     * Column names of {@code runs.csv}, in order: the nine columns the Leto BLRM worker documented, in its order
     * (readers of its files index them by position), then Riskbench's additional metrics.
     */
    public static final List<String> COLUMNS = List.of("scenario_id", "seed", "num_rows", "avg_score", "max_score",
            "min_score", "p_hit", "num_hits", "runtime_sec", "score_p05", "score_p50", "score_p95", "es_95", "rmse",
            "mae");

    /** The values in {@link #COLUMNS} order. */
    public List<Object> values() {
        return List.of(scenarioId, seed, numRows, avgScore, maxScore, minScore, pHit, numHits, runtimeSec, scoreP05,
                scoreP50, scoreP95, es95, rmse, mae);
    }

    /** This row with runtime set to zero: what must not depend on threads or timing. */
    public ScenarioMetrics withoutRuntime() {
        return new ScenarioMetrics(scenarioId, seed, numRows, avgScore, maxScore, minScore, scoreP05, scoreP50,
                scoreP95, es95, rmse, mae, pHit, numHits, 0.0);
    }

    /** Value of a {@code best_by} metric. */
    double metric(String name) {
        return switch (name) {
            case "avg_score" -> avgScore;
            case "p_hit" -> pHit;
            case "rmse" -> rmse;
            default -> throw new IllegalArgumentException("unknown metric " + name);
        };
    }
}
