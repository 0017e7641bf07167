package org.riskbench.core;

import java.util.Locale;

/**
 * The upper bounds of every value that sizes an allocation or a pool, checked before a job is queued, so a request
 * too big for the machine is bad input naming the bound (exit 2) rather than an {@link OutOfMemoryError} inside a
 * job. The README's Troubleshooting section lists them; keep the two in step.
 */
public final class Limits {
    /** Scenarios of one scenario run (each keeps a row of metrics for the summary and runs.csv). */
    public static final long MAX_SCENARIOS = 1_000_000;
    /** Rows x scenarios of one scenario run: each scenario scores every row, so this bounds the work. */
    public static final long MAX_SCENARIO_ROW_EVALUATIONS = 10_000_000_000L;
    /** Points of one calibration grid (the ceiling of {@code --max-points}). */
    public static final long MAX_GRID_POINTS = 1_000_000;
    /** Best points a calibration keeps ({@code --top-k}). */
    public static final long MAX_TOP_K = 10_000;
    /** Quantile bins of a drift check (a project's {@code monitor.bins}, {@code inspect.bins}). */
    public static final long MAX_BINS = 10_000;
    /** Cells (rows x features) of a synthetic scenario table, generated in memory before it is written. */
    public static final long MAX_SYNTH_CELLS = 50_000_000;
    /** Rows of a synthetic transactions file or of a benchmark's input (written streaming; bounds the disk). */
    public static final long MAX_SYNTH_ROWS = 50_000_000;
    /** Steps of the acceptance benchmark's series (the same bound as an acceptance window). */
    public static final long MAX_BENCH_STEPS = 10_000_000;

    private Limits() {
    }

    /** The most worker threads an option accepts: four per core (more only adds switching). */
    public static int maxThreads() {
        return 4 * Runtime.getRuntime().availableProcessors();
    }

    /**
     * A thread count in 1..{@link #maxThreads()}.
     *
     * @param option the option or key that gave it, for the message ("--threads")
     */
    public static int threads(int threads, String option) {
        int max = maxThreads();
        if (threads < 1 || threads > max) {
            throw new InputException(String.format(Locale.ROOT, "%s must be between 1 and %d (4 x %d cores), got %d",
                    option, max, Runtime.getRuntime().availableProcessors(), threads));
        }
        return threads;
    }

    /**
     * {@code value} when it is within 1..max, else bad input naming the bound.
     *
     * @param what the option or key ("n_scenarios", "--top-k")
     */
    public static long atMost(String what, long value, long max) {
        if (value < 1) {
            throw new InputException(String.format(Locale.ROOT, "%s must be at least 1, got %,d", what, value));
        }
        if (value > max) {
            throw new InputException(String.format(Locale.ROOT, "%s is %,d, over the limit of %,d", what, value, max));
        }
        return value;
    }
}
