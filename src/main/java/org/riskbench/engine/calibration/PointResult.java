package org.riskbench.engine.calibration;

import java.util.List;

/**
 * The outcome of one grid point.
 *
 * @param point    the point index (0-based, grid order)
 * @param params   the point's values, one per grid assignment (Integer, Double or Boolean)
 * @param metrics  the replay's summary, flattened
 * @param score    ScoreV1, or {@link HardConstraints#INFEASIBLE_SCORE} when a constraint failed
 * @param feasible whether every hard constraint holds
 * @param failed   the constraint items that failed, as written (empty when feasible)
 */
public record PointResult(long point, Object[] params, Metrics metrics, double score, boolean feasible,
                          List<String> failed) {
    public PointResult {
        params = params.clone();
        failed = List.copyOf(failed);
    }

    @Override
    public Object[] params() {
        return params.clone();
    }
}
