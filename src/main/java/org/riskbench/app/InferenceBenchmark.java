package org.riskbench.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.SyntheticTransactions;
import org.riskbench.core.Folders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end batch inference on this machine (for {@code riskbench bench}): a seeded synthetic transactions
 * file goes through what {@code riskbench infer} does, in a throwaway workspace: validate, enrich, queue,
 * check, scoring (align, score, guardrails), the results CSV, the predictions in SQLite and
 * {@code processed/<id>.json}. Not timed: writing the input file, opening the workspace and the default
 * model (trained once per JVM). Peak heap is sampled every 20 ms during the run.
 */
public final class InferenceBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceBenchmark.class);

    /**
     * @param rows          input rows
     * @param threads       scoring threads
     * @param inputMb       input size, MB (2^20 bytes)
     * @param seconds       wall time from the input file to the processed result
     * @param rowsPerSecond rows / seconds
     * @param timingsMs     per stage: validate, enrich, check, scoring and the scoring's own stages, json (writing
     *                      {@code <id>.json} and moving the files)
     * @param peakHeapMb    largest sampled used heap, MB
     * @param cpuSeconds    CPU time of the whole process during the run (all threads), seconds
     */
    public record Result(long rows, int threads, double inputMb, double seconds, double rowsPerSecond,
                         Map<String, Object> timingsMs, double peakHeapMb, double cpuSeconds) {
    }

    private InferenceBenchmark() {
    }

    /** Writes the seeded input into {@code dir} (reused when there) and runs once per call. */
    public static Path input(Path dir, long rows) {
        Path file = dir.resolve("transactions-" + rows + ".csv");
        if (!Files.exists(file)) {
            SyntheticTransactions.write(file, rows, 42, SyntheticTransactions.Dialect.EN);
        }
        return file;
    }

    public static Result run(Path input, long rows, int threads) {
        Path ws = null;
        try {
            ws = Files.createTempDirectory("riskbench-bench-ws");
            try (AppContext app = AppContext.open(ws, 1)) {
                app.models().ensureActiveModel(Progress.NONE);
                app.scoring().setThreads(threads);
                app.inbox().setOptions(new InboxService.Options(1, java.time.Duration.ofMillis(1), java.time.Duration.ofHours(1)));
                System.gc();
                HeapSampler heap = new HeapSampler();
                heap.start();
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                InboxService.Submission s = app.inbox().submit(input, IntakeOptions.defaults().withSizeLimitBytes(0), Progress.NONE);
                long beforeDrain = System.nanoTime();
                InboxService.DrainResult d = app.inbox().drain(Progress.NONE);
                long drainMs = (System.nanoTime() - beforeDrain) / 1_000_000;
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu = (processCpuNanos() - cpu0) / 1e9;
                heap.stop();
                if (!d.processed().contains(s.analysisId())) {
                    throw new IllegalStateException("benchmark analysis was not processed: " + d);
                }
                Map<String, Object> timings = new LinkedHashMap<>();
                JsonNode summary = Json.MAPPER.valueToTree(app.inbox().resultSummary(s.analysisId()));
                long stages = 0;
                for (var it = summary.path("timings_ms").fields(); it.hasNext(); ) {
                    var e = it.next();
                    timings.put(e.getKey(), e.getValue().asLong());
                    if (!e.getKey().equals("validate") && !e.getKey().equals("enrich")) {
                        stages += e.getValue().asLong();
                    }
                }
                for (var it = summary.path("scoring").path("timings_ms").fields(); it.hasNext(); ) {
                    var e = it.next();
                    timings.put("scoring." + e.getKey(), e.getValue().asLong());
                }
                timings.put("json", Math.max(0, drainMs - stages));
                Result r = new Result(rows, threads, Files.size(input) / 1048576.0, seconds, rows / seconds, timings,
                        heap.peak() / 1048576.0, cpu);
                LOG.info("inference benchmark: {}", r);
                return r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (ws != null) {
                if (!Folders.deleteTree(ws)) {
                    LOG.warn("cannot delete {} entirely", ws);
                }
            }
        }
    }

    /** CPU time of this process, or -1 when the platform does not tell. */
    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** Samples the used heap every 20 ms. */
    private static final class HeapSampler {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread = new Thread(this::loop, "riskbench-heap-sampler");

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            Runtime rt = Runtime.getRuntime();
            while (running.get()) {
                peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws IOException {
            running.set(false);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        long peak() {
            return peak.get();
        }
    }
}
