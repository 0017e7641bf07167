package org.riskbench.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.riskbench.core.Json;
import org.riskbench.core.table.CsvRecords;
import org.riskbench.core.model.RunRecord;
import org.riskbench.engine.acceptance.BlockReason;
import org.riskbench.engine.acceptance.ReplayArtifacts;
import org.riskbench.store.Database;
import org.riskbench.store.JobRepository;
import org.riskbench.store.PredictionRepository;
import org.riskbench.store.RetrainingRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspace as a monitoring system sees it, read from the store and the workspace's files (so work started by the
 * CLI, the GUI or another server on the same workspace counts too): jobs by kind and status and their run times, inbox
 * files, scored rows by class, retraining outcomes, the active model, and per acceptance profile the state its latest
 * replay ended in. Also the readiness probe: does the database take a write now.
 */
public final class Monitoring {
    private static final Logger LOG = LoggerFactory.getLogger(Monitoring.class);
    /** Replays looked at for the per-profile totals (newest first). */
    private static final int REPLAY_SCAN = 10_000;

    private final Tracker tracker;
    private final ReplayService replays;
    private final InboxService inbox;
    private final ModelService modelService;
    private final Database database;
    private final JobRepository jobs;
    private final PredictionRepository predictions;
    private final RetrainingRepository retraining;
    /** Last trace rows by run id: a finished replay's files do not change. */
    private final Map<String, Optional<Map<String, String>>> lastSteps = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Void> probe;

    /** Jobs of one kind in one status. */
    public record JobCount(String kind, String status, long count) {
    }

    /** The run time of one finished job. */
    public record JobDuration(String kind, double seconds) {
    }

    /**
     * One acceptance profile (by name): the final step of its latest replay (state, alpha, coverage EMA, surprisal p95, risk
     * scale), the transitions and execution blocks added up over all its replays, and its drift watch.
     */
    public record ProfileState(String profile, String lastRunId, String finishedAt, String state, double alpha,
                               double coverageEma, double surprisalP95, double riskScale, Map<String, Long> transitions,
                               Map<String, Long> blocks, long replays, String driftPhase, Double driftEma) {
        /** PASS 0, DERISK 1, BLOCK 2 (the severity order of the state machine). */
        public int stateCode() {
            return switch (state) {
                case "PASS" -> 0;
                case "DERISK" -> 1;
                default -> 2;
            };
        }
    }

    Monitoring(Tracker tracker, ReplayService replays, InboxService inbox, ModelService modelService, Database database, JobRepository jobs, PredictionRepository predictions,
               RetrainingRepository retraining) {
        this.tracker = tracker;
        this.replays = replays;
        this.inbox = inbox;
        this.modelService = modelService;
        this.database = database;
        this.jobs = jobs;
        this.predictions = predictions;
        this.retraining = retraining;
    }

    public List<JobCount> jobCounts() {
        return jobs.countsByKindAndStatus().stream().map(c -> new JobCount(c.kind(), c.status(), c.count())).toList();
    }

    public List<JobDuration> jobDurations() {
        return jobs.finishedDurations().stream().map(d -> new JobDuration(d.kind(), d.seconds())).toList();
    }

    /** Files of the inbox by state: pending, processing (claimed by a drain), processed, failed. */
    public Map<String, Long> inboxFiles() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("pending", count(inbox.dir("pending"), n -> n.endsWith(".csv") && !n.startsWith(".")));
        out.put("processing", count(inbox.dir("pending"), n -> n.startsWith(".processing-") && n.endsWith(".csv")));
        out.put("processed", count(inbox.dir("processed"), n -> n.endsWith(".json")));
        out.put("failed", count(inbox.dir("failed"), n -> n.endsWith("_error.json")));
        return out;
    }

    private static long count(Path dir, java.util.function.Predicate<String> name) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (name.test(f.getFileName().toString())) {
                    n++;
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot count the files of {}: {}", dir, e.getMessage());
        }
        return n;
    }

    /** Scored rows of all analyses by predicted class. */
    public Map<String, Long> inferenceRowsByClass() {
        return predictions.countsByClass();
    }

    /** Retraining runs by outcome (promoted, not_promoted, failed, pending, running). */
    public Map<String, Long> retrainingOutcomes() {
        return retraining.outcomeCounts();
    }

    /** The version of the active model, if any. */
    public Optional<String> activeModel() {
        return modelService.list().stream().filter(r -> "active".equals(r.status())).map(r -> r.version()).findFirst();
    }

    /** Every acceptance profile that has a finished replay, by name. */
    public List<ProfileState> profiles() {
        Map<String, List<RunRecord>> byProfile = new TreeMap<>();
        for (RunRecord run : tracker.recent(ReplayService.KIND, REPLAY_SCAN)) {
            if (!"succeeded".equals(run.status())) {
                continue;
            }
            JsonNode params = tree(run.paramsJson());
            String name = params.path("profile_name").asText("");
            if (!name.isEmpty()) {
                byProfile.computeIfAbsent(name, k -> new ArrayList<>()).add(run);
            }
        }
        List<ProfileState> out = new ArrayList<>();
        byProfile.forEach((name, runs) -> profileState(name, runs).ifPresent(out::add));
        return out;
    }

    private Optional<ProfileState> profileState(String name, List<RunRecord> runsNewestFirst) {
        Map<String, Long> transitions = new LinkedHashMap<>();
        Map<String, Long> blocks = new LinkedHashMap<>();
        for (BlockReason r : BlockReason.values()) {
            if (r != BlockReason.NONE) {
                blocks.put(r.key(), 0L);
            }
        }
        // the seed design's reason list also has guard_width; this engine never blocks for width (BlockReason has no
        // such reason), so that series is an honest 0 rather than missing
        blocks.put("guard_width", 0L);
        for (RunRecord run : runsNewestFirst) {
            JsonNode m = tree(run.metricsJson());
            m.path("transitions").fields().forEachRemaining(e -> transitions.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            long steps = m.path("n_steps").asLong();
            m.path("exec_block_rate_by_reason").fields().forEachRemaining(e ->
                    blocks.merge(e.getKey(), Math.round(e.getValue().asDouble() * steps), Long::sum));
        }
        RunRecord latest = runsNewestFirst.get(0);
        Optional<Map<String, String>> last = lastSteps.computeIfAbsent(latest.id(), id -> lastTraceRow(latest.outputDir()));
        if (last.isEmpty()) {
            return Optional.empty(); // its files were deleted or moved: nothing to say about its final step
        }
        Map<String, String> step = last.get();
        String key = tree(latest.paramsJson()).path("profile_key").asText(name);
        Optional<ReplayService.DriftView> drift = replays.driftView(key);
        return Optional.of(new ProfileState(name, latest.id(), latest.finishedAt() == null ? null : latest.finishedAt().toString(),
                step.getOrDefault("state", "PASS"), number(step.get("alpha")), number(step.get("coverage_ema")),
                number(step.get("surprisal_p95")), number(step.get("risk_scale")), transitions, blocks, runsNewestFirst.size(),
                drift.map(ReplayService.DriftView::phase).orElse(null), drift.map(ReplayService.DriftView::ema).orElse(null)));
    }

    private static double number(String s) {
        try {
            return s == null || s.isEmpty() ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The header and the last record of a replay's trace.csv, read from the file's two ends. */
    static Optional<Map<String, String>> lastTraceRow(String outputDir) {
        if (outputDir == null) {
            return Optional.empty();
        }
        Path trace = Path.of(outputDir).resolve(ReplayArtifacts.TRACE_CSV);
        if (!Files.isRegularFile(trace)) {
            return Optional.empty();
        }
        try (RandomAccessFile f = new RandomAccessFile(trace.toFile(), "r")) {
            String header = f.readLine();
            long length = f.length();
            int tail = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[tail];
            f.seek(length - tail);
            f.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8).stripTrailing();
            String lastLine = text.substring(text.lastIndexOf('\n') + 1);
            if (header == null || lastLine.equals(header)) {
                return Optional.empty();
            }
            String[] names = CsvRecords.read(header, trace.toString()).get(0).fields();
            String[] values = CsvRecords.read(lastLine, trace.toString()).get(0).fields();
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < names.length && i < values.length; i++) {
                row.put(names[i], values[i]);
            }
            return Optional.of(row);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the last step of {}: {}", trace, e.getMessage());
            return Optional.empty();
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json == null ? "{}" : json);
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    /**
     * Empty when the database takes a write within {@code limit} (the write lock is taken and given back); else why not.
     * One probe runs at a time: callers arriving while one waits on a lock wait for that one.
     */
    public Optional<String> writeProbe(Duration limit) {
        CompletableFuture<Void> current;
        synchronized (this) {
            current = probe;
            if (current == null || current.isDone()) {
                current = CompletableFuture.runAsync(database::probeWrite);
                probe = current;
            }
        }
        try {
            current.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("the workspace database did not take a write within " + limit.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Optional.of("the workspace database refused a write: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
