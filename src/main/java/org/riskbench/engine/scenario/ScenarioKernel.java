package org.riskbench.engine.scenario;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The per-scenario hot loop, shared by the engine and the benchmark. Scenario {@code s} owns a
 * {@link SplittableRandom} seeded {@code seed + s}; for each of the n output rows it draws the source row
 * ({@code nextInt(n)} when bootstrapping, else row r) and then one N(0,1) per feature in feature order, so the
 * result depends only on (data, model, config, s): never on the thread that runs it or on other scenarios.
 * The loop reads primitive arrays, allocates nothing per row, and sums in row order.
 */
final class ScenarioKernel {
    /** Rows between two stop checks inside a scenario. */
    static final int CHECK_EVERY = 1 << 16;
    private static final double[] QS = {0.05, 0.50, 0.95};

    private final double[] x;
    private final double[] y;
    private final int n;
    private final int p;
    private final double b0;
    private final double[] b;
    private final double shockSd;
    private final boolean bootstrap;
    private final double hitThreshold;
    private final long seed;

    ScenarioKernel(ScenarioData data, LinearModel model, double shockSd, boolean bootstrap, double hitBand,
            long seed) {
        this.x = data.xArray();
        this.y = data.yArray();
        this.n = data.rows();
        this.p = data.features();
        this.b0 = model.intercept();
        this.b = model.coefficients();
        this.shockSd = shockSd;
        this.bootstrap = bootstrap;
        this.hitThreshold = hitBand * model.residualSd();
        this.seed = seed;
    }

    int rows() {
        return n;
    }

    /**
     * Runs scenario {@code s} using {@code scores} (length >= n) as scratch. Returns null when {@code stop} said
     * so (checked every {@value #CHECK_EVERY} rows).
     */
    ScenarioMetrics run(int s, double[] scores, BooleanSupplier stop) {
        final long t0 = System.nanoTime();
        final long scenarioSeed = seed + s;
        final SplittableRandom rng = new SplittableRandom(scenarioSeed);
        final ZigguratGaussian gauss = new ZigguratGaussian(rng);
        final double[] xs = x;
        final double[] ys = y;
        final double[] bs = b;
        final int pp = p;
        final double sd = shockSd;
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        double sse = 0;
        double sae = 0;
        long hits = 0;
        for (int r = 0; r < n; r++) {
            if ((r & (CHECK_EVERY - 1)) == 0 && r > 0 && stop.getAsBoolean()) {
                return null;
            }
            int i = bootstrap ? rng.nextInt(n) : r;
            int off = i * pp;
            double score = b0;
            for (int j = 0; j < pp; j++) {
                score += bs[j] * (xs[off + j] * (1.0 + sd * gauss.next()));
            }
            scores[r] = score;
            sum += score;
            if (score > max) {
                max = score;
            }
            if (score < min) {
                min = score;
            }
            double e = score - ys[i];
            double ae = Math.abs(e);
            sse += e * e;
            sae += ae;
            if (ae <= hitThreshold) {
                hits++;
            }
        }
        double[] q = new double[3];
        Percentiles.of(scores, n, QS, q);
        double p95 = q[2];
        double tailSum = 0;
        long tailCount = 0;
        for (int r = 0; r < n; r++) {
            double v = scores[r];
            if (v >= p95) {
                tailSum += v;
                tailCount++;
            }
        }
        if (tailCount == 0) { // cannot happen in exact arithmetic (max >= p95); guard against rounding
            tailSum = max;
            tailCount = 1;
        }
        double runtime = (System.nanoTime() - t0) / 1e9;
        return new ScenarioMetrics(s, scenarioSeed, n, sum / n, max, min, q[0], q[1], p95, tailSum / tailCount,
                Math.sqrt(sse / n), sae / n, (double) hits / n, hits, runtime);
    }
}
