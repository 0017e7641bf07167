package org.riskbench.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.engine.calibration.Grid;
import org.riskbench.engine.calibration.Metrics;
import org.riskbench.engine.calibration.PointResult;

/**
 * A grid point's result as a task sends it to the driver: every numeric metric as its exact double, the final state,
 * the score and the constraints that failed. {@link #toPointResult} rebuilds the engine's {@link PointResult} bit for bit.
 */
public record PointOutcome(long point, double[] metrics, String finalState, double score, boolean feasible,
                           ArrayList<String> failed) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static PointOutcome of(PointResult r) {
        double[] v = new double[Metrics.NUMERIC.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.metrics().get(i);
        }
        return new PointOutcome(r.point(), v, r.metrics().finalState(), r.score(), r.feasible(), new ArrayList<>(r.failed()));
    }

    public PointResult toPointResult(Grid grid) {
        Map<String, Double> named = new LinkedHashMap<>();
        List<String> names = Metrics.NUMERIC;
        for (int i = 0; i < names.size(); i++) {
            named.put(names.get(i), metrics[i]);
        }
        return new PointResult(point, grid.point(point), Metrics.of(named, finalState), score, feasible, failed);
    }
}
