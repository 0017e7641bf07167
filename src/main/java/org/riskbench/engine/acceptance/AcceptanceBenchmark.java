package org.riskbench.engine.acceptance;

import java.util.SplittableRandom;
import org.riskbench.core.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of the acceptance replay on a seeded synthetic series with the default profile (for
 * {@code riskbench bench}). Runs a few untimed warm-up replays so the JIT has compiled the step loop.
 */
public final class AcceptanceBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptanceBenchmark.class);

    /**
     * @param steps          series length
     * @param repetitions    timed replays
     * @param stepsPerSecond counted steps per second of the best repetition (summary-only path)
     * @param medianSeconds  median seconds per replay
     */
    public record BenchResult(int steps, int repetitions, double stepsPerSecond, double medianSeconds) {
    }

    private AcceptanceBenchmark() {
    }

    public static BenchResult run(int steps, int repetitions) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1");
        }
        AcceptanceProfile profile = AcceptanceProfile.defaults();
        Series series = Series.of("synthetic(seed=42)", synthetic(steps, 42L));
        for (int i = 0; i < 5; i++) {
            AcceptanceEngine.summarize(profile, series, Progress.NONE);
        }
        double[] seconds = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
            long t0 = System.nanoTime();
            AcceptanceEngine.summarize(profile, series, Progress.NONE);
            seconds[i] = (System.nanoTime() - t0) / 1e9;
        }
        java.util.Arrays.sort(seconds);
        int counted = steps - profile.warmup();
        BenchResult r = new BenchResult(steps, repetitions, counted / seconds[0], seconds[repetitions / 2]);
        LOG.info("acceptance replay: {} steps, best {} steps/s, median {} s", steps, Math.round(r.stepsPerSecond()),
                r.medianSeconds());
        return r;
    }

    /**
     * A seeded synthetic series: a slow sine plus noise whose level jumps and whose noise doubles at
     * two thirds, so the replay sees a regime change.
     */
    public static double[] synthetic(int steps, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] y = new double[steps];
        int change = steps * 2 / 3;
        for (int t = 0; t < steps; t++) {
            double level = 100 + 5 * Math.sin(t / 50.0) + (t >= change ? 8 : 0);
            double noise = gaussian(rnd) * (t >= change ? 2.0 : 1.0);
            y[t] = level + noise;
        }
        return y;
    }

    /** A standard normal draw (Box-Muller); deterministic for a given generator state. */
    static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
