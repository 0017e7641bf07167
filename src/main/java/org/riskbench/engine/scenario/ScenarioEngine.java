package org.riskbench.engine.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.riskbench.core.CancelledException;
import org.riskbench.core.Hashing;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scenario-run engine (Baseline Linear Risk Model, docs/spec/scenarios.md): read or synthesise the table,
 * fit the model, run the seeded scenarios in parallel, write the artifacts.
 *
 * <p>Scenarios are handed out from a shared counter to {@code threads} workers; each worker owns its scratch
 * array, each scenario its RNG (seed + s), and results are stored by scenario id, so every output but
 * {@code runtime_sec} is the same for any thread count and completion order. Cancel and {@code max_runtime_sec}
 * are checked before each scenario and every {@value ScenarioKernel#CHECK_EVERY} rows inside one; a scenario
 * interrupted that way is not reported, the completed ones are written with status {@code timeout} or
 * {@code cancelled}.
 */
public final class ScenarioEngine {
    /** Engine version recorded in metadata; bump when results for the same inputs change. */
    public static final String VERSION = "blrm-1.1.0";

    /** Where the scenarios that did complete were written; nothing to say when none did. */
    private static String completedPart(int completed, Path dir) {
        return completed == 0 ? "; no scenario completed, the metadata is in " + dir : "; the completed ones were written to " + dir;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioEngine.class);
    /** Tables of this many values (32 MB as doubles) and more are followed by collections before the scenarios. */
    static final long COLLECT_FROM_VALUES = 4L << 20;

    private ScenarioEngine() {
    }

    /**
     * Runs a scenario job: checks the input ({@link ScenarioInput#check}), then runs it.
     *
     * @param outputDir where artifacts go; null means {@code config.outputDir()}, which must then be set
     * @param threads   worker threads; {@code <= 0} means all available processors
     * @throws InputException for bad input (missing target, no feature, too few rows, collinear features, ...)
     */
    public static ScenarioResult run(ScenarioConfig config, Path outputDir, int threads, Progress progress) {
        requireOutputDir(config, outputDir);
        (progress == null ? Progress.NONE : progress).report(0.0, "reading input");
        return run(config, ScenarioInput.check(config), outputDir, threads, progress);
    }

    /**
     * Runs a scenario job on an input checked before (front ends check before they queue the job, so bad input is
     * refused there). The run's clock includes the time the check spent reading and fitting.
     *
     * @param input     {@code ScenarioInput.check(config)}
     * @param outputDir where artifacts go; null means {@code config.outputDir()}, which must then be set
     * @param threads   worker threads; {@code <= 0} means all available processors
     */
    public static ScenarioResult run(ScenarioConfig config, ScenarioInput input, Path outputDir, int threads,
            Progress progress) {
        return run(config, input, outputDir, threads, progress, null);
    }

    /**
     * Runs scenarios {@code 0..n-1} somewhere else than this machine's threads (a Spark cluster's tasks, each with its
     * own {@link ScenarioKernel#of}): slot s of the result holds scenario s, or null when it did not complete because
     * {@code stop} said so (cancel, {@code max_runtime_sec}).
     */
    public interface Scenarios {
        ScenarioMetrics[] run(int n, BooleanSupplier stop, Progress progress);
    }

    /**
     * As {@link #run(ScenarioConfig, ScenarioInput, Path, int, Progress)}, the scenarios run by {@code scenarios}
     * (null: this machine's {@code threads} workers); everything else (data, model, summary, artifacts) is the same.
     */
    public static ScenarioResult run(ScenarioConfig config, ScenarioInput input, Path outputDir, int threads,
            Progress progress, Scenarios scenarios) {
        final long start = System.nanoTime() - input.checkNanos();
        final long deadline = start + (long) Math.min(config.maxRuntimeSec() * 1e9, Long.MAX_VALUE / 4.0);
        Path dir = requireOutputDir(config, outputDir);
        Progress prog = progress == null ? Progress.NONE : progress;
        int nThreads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        nThreads = Math.min(nThreads, config.nScenarios());

        // Data and model.
        ScenarioData data;
        LinearModel model;
        input.warnings().forEach(w -> LOG.info("scenario run '{}': {}", config.name(), w)); // the caller shows them
        if (input.synthetic()) {
            Path synth = dir.resolve(SyntheticData.FILE_NAME);
            data = SyntheticData.withSource(SyntheticData.forRun(config.seed()), synth);
            SyntheticData.write(synth, data);
            model = ScenarioInput.fit(data, config.ridge());
        } else {
            data = input.data();
            model = input.model();
        }
        ScenarioResult.InputInfo info = new ScenarioResult.InputInfo(data.source().toAbsolutePath(),
                input.synthetic() ? Hashing.sha256(data.source()) : input.sha256(), data.synthetic(), input.note(), data.targetName(), data.featureNames(),
                data.rowsRead(), data.rows(), data.droppedRows(), data.ignoredColumns(), data.sample(),
                input.warnings());
        LOG.info("scenario run '{}': fitted on {} rows x {} features, r2={}, residual_sd={}{}", config.name(),
                data.rows(), data.features(), model.r2(), model.residualSd(),
                input.synthetic() ? "" : "; " + input.phases());

        // Scenarios. Here the kernel takes each row's target, score and spread; elsewhere (Spark) each task reads the
        // table itself. Either way the table's columns are read no more once the kernel is made, so they are let go.
        // A large table is followed by two collections: before the kernel (the reading's and the fit's garbage, so
        // the kernel's arrays reuse that memory) and after the table is let go (so the scenarios' arrays reuse its
        // memory); without them G1 would first grow the heap, then collect. Each takes about 25 ms.
        boolean large = (long) data.rows() * (data.features() + 1) >= COLLECT_FROM_VALUES;
        if (large && scenarios == null) {
            System.gc();
        }
        ScenarioKernel kernel = scenarios != null ? null : new ScenarioKernel(data, model, config.shockSd(),
                config.bootstrap(), config.hitBand(), config.seed());
        data.releaseColumns();
        if (large) {
            System.gc();
        }
        AtomicReference<ScenarioResult.Status> stopped = new AtomicReference<>();
        BooleanSupplier stop = () -> {
            if (stopped.get() != null) {
                return true;
            }
            if (prog.isCancelled()) {
                stopped.compareAndSet(null, ScenarioResult.Status.CANCELLED);
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                stopped.compareAndSet(null, ScenarioResult.Status.TIMEOUT);
                return true;
            }
            return false;
        };
        ScenarioMetrics[] done;
        long scenariosFrom = System.nanoTime();
        if (scenarios == null) {
            done = runParallel(kernel, config.nScenarios(), nThreads, stop, prog);
        } else {
            done = scenarios.run(config.nScenarios(), stop, prog);
        }
        long scenariosEnd = System.nanoTime();
        double total = (scenariosEnd - start) / 1e9;
        LOG.info("scenario run '{}': scenarios in {} s", config.name(),
                String.format(java.util.Locale.ROOT, "%.3f", (scenariosEnd - scenariosFrom) / 1e9));

        List<ScenarioMetrics> runs = new ArrayList<>();
        for (ScenarioMetrics m : done) {
            if (m != null) {
                runs.add(m);
            }
        }
        ScenarioResult.Status status = stopped.get() == null ? ScenarioResult.Status.COMPLETED : stopped.get();
        String message = switch (status) {
            case COMPLETED -> "completed " + runs.size() + " scenarios in " + String.format("%.3f", total) + " s";
            case TIMEOUT -> "scenario run '" + config.name() + "' exceeded max_runtime_sec=" + config.maxRuntimeSec()
                    + (runs.isEmpty() && input.checkNanos() / 1e9 > config.maxRuntimeSec()
                            ? String.format(java.util.Locale.ROOT, " while reading and fitting its input (%.1f s), before any"
                                    + " scenario ran; raise max_runtime_sec", input.checkNanos() / 1e9)
                            : " after " + runs.size() + " of " + config.nScenarios() + " scenarios")
                    + completedPart(runs.size(), dir) + " (metadata status \"timeout\")";
            case CANCELLED -> "scenario run '" + config.name() + "' was cancelled after " + runs.size() + " of "
                    + config.nScenarios() + " scenarios" + completedPart(runs.size(), dir);
        };
        ScenarioSummary summary = ScenarioSummary.of(config, data.rows(), runs, total);
        ScenarioResult result = new ScenarioResult(config, status, message, model, runs, summary, info, dir,
                nThreads);
        ScenarioArtifacts.write(result);
        if (status == ScenarioResult.Status.COMPLETED) {
            prog.report(1.0, message);
            LOG.info("scenario run '{}': {}", config.name(), message);
        } else {
            LOG.warn("{}", message);
        }
        return result;
    }

    private static Path requireOutputDir(ScenarioConfig config, Path outputDir) {
        Path dir = outputDir != null ? outputDir : config.outputDir();
        if (dir == null) {
            throw new IllegalArgumentException("no output directory: pass one or set output_dir in the config");
        }
        return dir;
    }

    /**
     * Runs scenarios {@code 0..n-1} on {@code threads} workers; slot s of the result holds scenario s, or null
     * when it did not complete because {@code stop} said so.
     */
    static ScenarioMetrics[] runParallel(ScenarioKernel kernel, int n, int threads, BooleanSupplier stop,
            Progress progress) {
        ScenarioMetrics[] out = new ScenarioMetrics[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        Object reportLock = new Object();
        Runnable worker = () -> {
            double[] scratch = new double[kernel.rows()];
            int[] counts = new int[kernel.rows()];
            for (int s = next.getAndIncrement(); s < n; s = next.getAndIncrement()) {
                if (stop.getAsBoolean()) {
                    return;
                }
                ScenarioMetrics m = kernel.run(s, scratch, counts, stop);
                if (m == null) {
                    return;
                }
                out[s] = m;
                int k = finished.incrementAndGet();
                synchronized (reportLock) {
                    progress.report((double) k / n, "scenario " + k + " of " + n + " done");
                }
            }
        };
        if (threads <= 1) {
            worker.run();
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(worker));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException(); // the job thread was interrupted: treat as cancel
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "scenario-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
