package org.riskbench.engine.calibration;

import org.riskbench.core.Progress;
import org.riskbench.engine.acceptance.AcceptanceBenchmark;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.acceptance.Series;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calibration throughput: a grid of {@code points} points over {@code kappa.tau_pass},
 * {@code hysteresis.dwell_pass} and {@code guards.surprisal_p95.soft} on the seeded synthetic series of
 * {@link AcceptanceBenchmark#synthetic}, default profile and weights, no constraints. A short untimed
 * run warms the JIT first.
 */
public final class CalibrationBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(CalibrationBenchmark.class);

    /**
     * @param points          grid points evaluated
     * @param steps           series length
     * @param threads         worker threads
     * @param seconds         elapsed seconds of the timed run
     * @param pointsPerSecond points / seconds
     */
    public record BenchResult(long points, int steps, int threads, double seconds, double pointsPerSecond) {
    }

    private CalibrationBenchmark() {
    }

    /** Points per second of one timed calibration run. */
    public static BenchResult run(int points, int steps, int threads) {
        Series series = Series.of("synthetic(seed=42)", AcceptanceBenchmark.synthetic(steps, 42L));
        Grid grid = grid(points);
        AcceptanceProfile base = AcceptanceProfile.defaults();
        Grid warm = grid(Math.min(points, 20));
        CalibrationEngine.run(CalibrationRequest.of(base, series, warm, ObjectiveWeights.DEFAULTS, HardConstraints.NONE,
                10, threads), Progress.NONE);
        CalibrationResult r = CalibrationEngine.run(CalibrationRequest.of(base, series, grid, ObjectiveWeights.DEFAULTS,
                HardConstraints.NONE, 10, threads), Progress.NONE);
        BenchResult b = new BenchResult(grid.size(), steps, threads, r.seconds(), r.pointsPerSecond());
        LOG.info("calibration: {} points x {} steps on {} threads: {} s, {} points/s", b.points(), steps, threads,
                b.seconds(), b.pointsPerSecond());
        return b;
    }

    /**
     * A grid of exactly {@code points} points: {@code kappa.tau_pass} takes {@code points} values when
     * the count does not factor as 10 x 10 x n; else tau_pass (10) x dwell_pass (10) x surprisal soft (n).
     */
    static Grid grid(int points) {
        if (points % 100 == 0) {
            int n = points / 100;
            return Grid.parse("kappa.tau_pass=" + seq(0.30, 0.02, 10) + ";hysteresis.dwell_pass=" + ints(1, 2, 10)
                    + ";guards.surprisal_p95.soft=" + seq(1.5, 0.1, n), points);
        }
        return Grid.parse("kappa.tau_pass=" + seq(0.30, 0.4 / points, points), points);
    }

    private static String seq(double from, double step, int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append(Math.round((from + i * step) * 1e6) / 1e6);
        }
        return sb.append(']').toString();
    }

    private static String ints(int from, int step, int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append(from + i * step);
        }
        return sb.append(']').toString();
    }
}
