package org.riskbench.spark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.riskbench.core.Progress;
import org.riskbench.engine.calibration.CalibrationEngine;
import org.riskbench.engine.calibration.CalibrationRequest;
import org.riskbench.engine.calibration.CalibrationResult;
import org.riskbench.engine.calibration.PointResult;

/**
 * A calibration on Spark: the grid's points cut into contiguous blocks (one task each), the inputs broadcast, every
 * task replaying its points with {@link CalibrationEngine#evaluate} (the local engine's per-point code), the outcomes
 * collected on the driver in point order and ranked there exactly as locally. A task lost with its executor is run
 * again by Spark; a point's result depends only on the point, so a retried block gives the same outcomes.
 */
public final class CalibrationOnSpark {

    private CalibrationOnSpark() {
    }

    /**
     * @param request the driver's request (validated; its series, grid and runId are those of the result)
     * @param inputs  the same inputs as bytes, for the executors
     * @param blocks  how many tasks (at most one per point)
     */
    public static CalibrationResult run(JavaSparkContext sc, CalibrationRequest request, CalibrationInputs inputs,
                                        int blocks, Progress progress) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        long total = request.grid().size();
        int n = (int) Math.max(1, Math.min(total, blocks));
        List<Integer> blockIds = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            blockIds.add(b);
        }
        Broadcast<CalibrationInputs> shared = sc.broadcast(inputs);
        TaskProgress listener = TaskProgress.attach(sc, n, "calibrating", progress);
        List<PointOutcome> outcomes;
        try {
            sc.setJobDescription("riskbench calibration: " + total + " points in " + n + " blocks");
            outcomes = sc.parallelize(blockIds, n)
                    .mapPartitions((Iterator<Integer> it) -> {
                        List<PointOutcome> out = new ArrayList<>();
                        CalibrationRequest local = shared.value().request();
                        while (it.hasNext()) {
                            int b = it.next();
                            for (long i = first(b, n, total); i < first(b + 1, n, total); i++) {
                                out.add(PointOutcome.of(CalibrationEngine.evaluate(local, i, Progress.NONE)));
                            }
                        }
                        return out.iterator();
                    })
                    .collect();
        } finally {
            listener.detach();
            shared.destroy();
        }
        PointResult[] results = new PointResult[Math.toIntExact(total)];
        for (PointOutcome o : outcomes) {
            results[(int) o.point()] = o.toPointResult(request.grid());
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                throw new IllegalStateException("grid point " + i + " came back from no task");
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<PointResult> points = List.of(results);
        progress.report(1.0, "calibrated " + total + " points");
        return new CalibrationResult(request, points, CalibrationResult.rank(points), CalibrationResult.pareto(points),
                started, Instant.now(), seconds);
    }

    /** The first point of block {@code b} of {@code n} over {@code total} points (blocks differ by at most one point). */
    static long first(int b, int n, long total) {
        return total * b / n;
    }
}
