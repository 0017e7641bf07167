package org.riskbench.engine.scenario;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The per-scenario hot loop, shared by the engine and the benchmark. Scenario {@code s} owns a
 * {@link SplittableRandom} seeded {@code seed + s}. Bootstrapping, it first draws n row indices (uniform, with
 * replacement) as multiplicities; then, visiting rows in storage order, it draws one N(0,1) per feature in feature
 * order for each copy of the row (without bootstrap, each row once). So the
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
     * Uniform int in [0, bound) by Lemire's multiply-shift with rejection ("Fast Random Integer Generation in an
     * Interval", ACM TOMACS 2019): exact like {@code SplittableRandom.nextInt(bound)} but without its division in
     * the common case.
     */
    static int boundedInt(SplittableRandom rng, int bound) {
        long m = (rng.nextInt() & 0xFFFFFFFFL) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (rng.nextInt() & 0xFFFFFFFFL) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /**
     * Runs scenario {@code s} using {@code scores} (length >= n) and {@code counts} (length >= n) as scratch. Returns null when {@code stop} said
     * so (checked every {@value #CHECK_EVERY} rows).
     */
    ScenarioMetrics run(int s, double[] scores, int[] counts, BooleanSupplier stop) {
        final long t0 = System.nanoTime();
        final long scenarioSeed = seed + s;
        final SplittableRandom rng = new SplittableRandom(scenarioSeed);
        final ZigguratGaussian gauss = new ZigguratGaussian(rng);
        final double[] xs = x;
        final double[] ys = y;
        final double[] bs = b;
        final int pp = p;
        final double sd = shockSd;
        if (bootstrap) {
            // Draw the whole resample first as multiplicities, then visit rows in storage order: the same
            // multiset of rows as drawing them one by one, but sequential memory access instead of a cache miss
            // per row on large tables.
            java.util.Arrays.fill(counts, 0, n, 0);
            for (int r = 0; r < n; r++) {
                counts[boundedInt(rng, n)]++;
            }
        }
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        double sse = 0;
        double sae = 0;
        long hits = 0;
        int w = 0;
        for (int i = 0; i < n; i++) {
            final int c = bootstrap ? counts[i] : 1;
            if (c == 0) {
                continue;
            }
            final int off = i * pp;
            final double yi = ys[i];
            for (int k = 0; k < c; k++) {
                if ((w & (CHECK_EVERY - 1)) == 0 && w > 0 && stop.getAsBoolean()) {
                    return null;
                }
                double score = b0;
                for (int j = 0; j < pp; j++) {
                    score += bs[j] * (xs[off + j] * (1.0 + sd * gauss.next()));
                }
                scores[w++] = score;
                sum += score;
                if (score > max) {
                    max = score;
                }
                if (score < min) {
                    min = score;
                }
                double e = score - yi;
                double ae = Math.abs(e);
                sse += e * e;
                sae += ae;
                if (ae <= hitThreshold) {
                    hits++;
                }
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
