package org.riskbench.engine.scenario;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The per-scenario hot loop, shared by the engine and the benchmark. Scenario {@code s} owns a
 * {@link SplittableRandom} seeded {@code seed + s}. Bootstrapping, it first draws n row indices (uniform, with
 * replacement) as multiplicities; then, visiting rows in storage order, it draws the shock of each copy of a row
 * (without bootstrap, each row once). So the result depends only on (data, model, config, s): never on the
 * thread that runs it or on other scenarios. The loop reads primitive arrays, allocates nothing per row, and
 * sums in row order.
 *
 * <p>The shock of the spec, {@code x_j (1 + shock_sd z_j)} with independent {@code z_j ~ N(0,1)}, enters the
 * linear score as {@code b0 + sum_j b_j x_j + shock_sd sum_j b_j x_j z_j}, and that last sum is exactly
 * {@code N(0, sum_j (b_j x_j)^2)}. So each copy of a row draws one normal {@code z} and scores
 * {@code base_i + spread_i z}, with {@code base_i = b0 + sum_j b_j x_ij} and
 * {@code spread_i = shock_sd sqrt(sum_j (b_j x_ij)^2)} computed once per row for all scenarios: the scores have
 * the same distribution as drawing one normal per feature, at one draw instead of p.
 */
public final class ScenarioKernel {
    /** Rows between two stop checks inside a scenario. */
    static final int CHECK_EVERY = 1 << 16;
    private static final double[] QS = {0.05, 0.50, 0.95};

    private final double[] y;
    private final int n;
    /** Per row: the unshocked score {@code b0 + sum_j b_j x_ij}. */
    private final double[] base;
    /** Per row: the standard deviation of the shocked score, {@code shock_sd sqrt(sum_j (b_j x_ij)^2)}. */
    private final double[] spread;
    private final boolean shocked;
    private final boolean bootstrap;
    private final double hitThreshold;
    private final long seed;

    ScenarioKernel(ScenarioData data, LinearModel model, double shockSd, boolean bootstrap, double hitBand,
            long seed) {
        this.n = data.rows();
        this.y = new double[n];
        data.target(0, y, 0, n);
        int p = data.features();
        double b0 = model.intercept();
        double[] b = model.coefficients();
        this.base = new double[n];
        this.spread = new double[n];
        // rows are independent: ranges of them are worked on side by side, each in chunks through its own buffers
        int ranges = (int) ((n + RANGE_ROWS - 1) / RANGE_ROWS);
        try (ColumnTasks tasks = ColumnTasks.forValues((long) n * (p + 1))) {
            tasks.run(ranges, k -> {
                int end = (int) Math.min(n, (long) (k + 1) * RANGE_ROWS);
                int chunk = Math.min(end - k * RANGE_ROWS, ScenarioDataReader.CHUNK_ROWS);
                double[][] xs = new double[p][chunk];
                for (int from = k * RANGE_ROWS; from < end; from += chunk) {
                    int len = Math.min(chunk, end - from);
                    data.features(from, len, xs);
                    baseAndSpread(xs, len, b0, b, shockSd, base, spread, from);
                }
            });
        }
        this.shocked = shockSd > 0;
        this.bootstrap = bootstrap;
        this.hitThreshold = hitBand * model.residualSd();
        this.seed = seed;
    }

    /** Rows per task when the per-row base and spread are computed. */
    private static final int RANGE_ROWS = 1 << 16;

    /** {@code base} and {@code spread} of rows {@code at..at+len-1}, whose features are {@code xs[j][0..len-1]}. */
    private static void baseAndSpread(double[][] xs, int len, double b0, double[] b, double shockSd, double[] base,
            double[] spread, int at) {
        int p = b.length;
        for (int r = 0; r < len; r++) {
            double score = b0;
            double var = 0;
            for (int j = 0; j < p; j++) {
                double c = b[j] * xs[j][r];
                score += c;
                var += c * c;
            }
            base[at + r] = score;
            spread[at + r] = shockSd * Math.sqrt(var);
        }
    }

    /**
     * The kernel of a run of {@code config} on {@code input}, as {@link ScenarioEngine} builds it: the checked table and
     * its model, or the run's synthetic table (from the seed) fitted the same way. For scenarios run elsewhere than
     * the engine's own workers ({@link ScenarioEngine.Scenarios}).
     */
    public static ScenarioKernel of(ScenarioConfig config, ScenarioInput input) {
        ScenarioData data = input.synthetic() ? SyntheticData.forRun(config.seed()) : input.data();
        LinearModel model = input.synthetic() ? ScenarioInput.fit(data, config.ridge()) : input.model();
        return new ScenarioKernel(data, model, config.shockSd(), config.bootstrap(), config.hitBand(), config.seed());
    }

    /** Rows of the table: the length the scratch arrays of {@link #run} need. */
    public int rows() {
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
    public ScenarioMetrics run(int s, double[] scores, int[] counts, BooleanSupplier stop) {
        final long t0 = System.nanoTime();
        final long scenarioSeed = seed + s;
        final SplittableRandom rng = new SplittableRandom(scenarioSeed);
        final ZigguratGaussian gauss = new ZigguratGaussian(rng);
        final double[] ys = y;
        final double[] bases = base;
        final double[] spreads = spread;
        final boolean shock = shocked;
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
            final double yi = ys[i];
            final double bi = bases[i];
            final double si = spreads[i];
            for (int k = 0; k < c; k++) {
                if ((w & (CHECK_EVERY - 1)) == 0 && w > 0 && stop.getAsBoolean()) {
                    return null;
                }
                double score = shock ? bi + si * gauss.next() : bi;
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
