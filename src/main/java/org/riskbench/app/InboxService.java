package org.riskbench.app;

import org.riskbench.store.Workspace;
import org.riskbench.jobs.JobService;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.CancelledException;
import org.riskbench.core.DiskFullException;
import org.riskbench.core.Hashing;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.core.Times;
import org.riskbench.engine.intake.CsvInspector;
import org.riskbench.engine.intake.EnrichmentConfig;
import org.riskbench.engine.intake.Enricher;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.Problem;
import org.riskbench.jobs.JobContext;
import org.riskbench.jobs.JobHandle;
import org.riskbench.jobs.JobRequest;
import org.riskbench.store.AnalysisRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference inbox (docs/spec/inference.md sections 1, 2, 6): validate and enrich an upload into
 * {@code inbox/pending/<id>.csv} (+ {@code <id>.json} manifest), then process pending files, each at most
 * once per analysis id, into {@code processed/} or {@code failed/}.
 *
 * <p>Crash safety: a file is claimed by an atomic rename to {@code pending/.processing-<id>-<pid>.csv};
 * only one process wins the rename. At every drain, claims whose process is gone go back to pending.
 * A result is written ({@code processed/<id>.json}) before the CSV moves, and a drain that finds a pending
 * id with a result already written only completes the move: a kill at any point loses and duplicates nothing.
 */
public final class InboxService {
    public static final String KIND = "inference";
    /** The stack trace of a failed analysis, beside its {@code <id>_error.json}. */
    public static final String ERROR_LOG_SUFFIX = "_error.log";
    private static final Logger LOG = LoggerFactory.getLogger(InboxService.class);
    private static final String CLAIM_PREFIX = ".processing-";

    /** Retries, backoff (doubled per attempt) and per-file timeout. */
    public record Options(int attempts, Duration backoff, Duration fileTimeout) {
        public Options {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
        }

        public static Options defaults() {
            return new Options(3, Duration.ofMillis(500), Duration.ofMinutes(5));
        }
    }

    /** An upload accepted into the inbox. */
    public record Submission(String analysisId, Path pendingFile, InspectionReport report, Map<String, Object> enrichment) {
    }

    /** One analysis as the inbox view shows it. {@code state}: pending, processing, processed, failed. */
    public record Entry(String analysisId, String state, String inputName, String inputSha256, Long rows, String createdAt,
                        String error, Path resultFile) {
    }

    /** What one drain did. */
    public record DrainResult(List<String> processed, List<String> failed, List<String> skipped, List<String> recovered) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("processed", processed);
            m.put("failed", failed);
            m.put("skipped", skipped);
            m.put("recovered", recovered);
            return m;
        }
    }

    /** An upload refused by validation; carries the report with every problem. */
    public static final class RefusedException extends InputException {
        private static final long serialVersionUID = 1L;
        private final transient InspectionReport report;

        RefusedException(InspectionReport report) {
            super(report.file() + ": refused: " + report.refusal());
            this.report = report;
        }

        public InspectionReport report() {
            return report;
        }
    }

    private final JobService jobs;
    private final Tracker tracker;
    private final Workspace workspace;
    private final ModelService modelService;
    private final ScoringStage scoring;
    private final AnalysisRepository analyses;
    private final List<InboxStage> stages = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final long pid = ProcessHandle.current().pid();
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "riskbench-inbox");
        t.setDaemon(true);
        return t;
    });
    private volatile Options options = Options.defaults();
    private volatile EnrichmentConfig enrichment = EnrichmentConfig.defaults();

    InboxService(JobService jobs, Tracker tracker, Workspace workspace, ModelService modelService, ScoringStage scoring, AnalysisRepository analyses) {
        this.jobs = jobs;
        this.tracker = tracker;
        this.workspace = workspace;
        this.modelService = modelService;
        this.scoring = scoring;
        this.analyses = analyses;
        jobs.allowOutputFolder(KIND, dir("processed").getParent());
        // a retried job does what it did: one analysis when it named one, else the whole queue
        jobs.register(KIND, params -> params.hasNonNull("analysis_id")
                ? context -> drainTask(context, params.path("analysis_id").asText()) : this::drainTask,
                "the rows of the files or --threads");
        stages.add(new CheckStage());
    }

    public void setOptions(Options newOptions) {
        this.options = newOptions;
    }

    public void setEnrichmentConfig(EnrichmentConfig config) {
        this.enrichment = config;
    }

    /** Plugs a stage in after the built-in ones (scoring). */
    public void addStage(InboxStage stage) {
        stages.add(stage);
    }

    /** Removes the plugged stages of that name (tests of the queue itself run without scoring). */
    public void removeStage(String name) {
        stages.removeIf(s -> s.name().equals(name) && !(s instanceof CheckStage));
    }

    public Path dir(String state) {
        return workspace.inboxDir(state);
    }

    /** Validation and preview only (the GUI shows this before the user confirms). Run it off the FX thread. */
    public InspectionReport inspect(Path file, IntakeOptions intake, Progress progress) {
        return CsvInspector.inspect(file, intake, progress);
    }

    /** Validates (throws {@link RefusedException} when refused), enriches, and queues into pending. */
    public Submission submit(Path file, IntakeOptions intake, Progress progress) {
        return submit(file, inspectForQueue(file, intake, progress), progress);
    }

    /** Validation as {@link #submit} does it: a refused file throws {@link RefusedException}, nothing queued. */
    public InspectionReport inspectForQueue(Path file, IntakeOptions intake, Progress progress) {
        InspectionReport report = CsvInspector.inspect(file, intake.withSchema(IntakeOptions.Schema.TRANSACTIONS), progress);
        if (!report.accepted()) {
            throw new RefusedException(report);
        }
        return report;
    }

    /** Enriches and queues a file {@link #inspectForQueue} accepted (so several files can all be checked first). */
    public Submission submit(Path file, InspectionReport report, Progress progress) {
        return submit(file, report, null, progress);
    }

    /**
     * As {@link #submit(Path, InspectionReport, Progress)} under the analysis id given (the CSV runner's
     * {@code analysis_id}), or a new one when null; check it first with {@link #checkNewAnalysisId}.
     */
    public Submission submit(Path file, InspectionReport report, String analysisId, Progress progress) {
        return submitChecked(file, report, analysisId, null, null, progress);
    }

    /**
     * As {@link #submit(Path, InspectionReport, Progress)}, scored with this model bundle and these guardrail rules
     * instead of the process-wide ones (an HTTP upload names its own; null: the process's). Both are checked here, before
     * anything is queued: a bundle that does not load or a rules file with a bad key is bad input.
     */
    public Submission submit(Path file, InspectionReport report, Path model, Path guardrails, Progress progress) {
        if (model != null) {
            checkModelBundle(model);
        }
        if (guardrails != null) {
            checkGuardrails(guardrails);
        }
        return submitChecked(file, report, null, model, guardrails, progress);
    }

    /** Loads a model bundle to check it (a bad one is {@link InputException} naming it). */
    public void checkModelBundle(Path model) {
        org.riskbench.engine.scoring.ModelBundle.load(model);
    }

    /** Reads a guardrail rules file to check it (errors name the file and the key). */
    public void checkGuardrails(Path guardrails) {
        org.riskbench.engine.scoring.Guardrails.load(guardrails, EnrichmentConfig.defaults());
    }

    /** Why a failed analysis failed ({@code stage: message}), from its error file; empty when it has none. */
    public java.util.Optional<String> failureOf(String id) {
        Path errorFile = dir("failed").resolve(id + "_error.json");
        if (!Files.exists(errorFile)) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(errorFile.toFile());
            return java.util.Optional.of(n.path("stage").asText() + ": " + n.path("message").asText());
        } catch (IOException e) {
            return java.util.Optional.of("unreadable error file");
        }
    }

    private Submission submitChecked(Path file, InspectionReport report, String analysisId, Path model, Path guardrails,
                                     Progress progress) {
        if (!report.accepted()) {
            throw new RefusedException(report);
        }
        String sha = Hashing.sha256(file);
        String id = analysisId == null ? newId() : checkNewAnalysisId(analysisId);
        Path pending = dir("pending").resolve(id + ".csv");
        // Enriched under a hidden name and shown as <id>.csv only after its manifest is written: another process
        // draining the inbox meanwhile must never find the table without its manifest.
        Path enriching = dir("pending").resolve(".enriching-" + id + ".csv");
        long enrichStart = System.nanoTime();
        Enricher.Result result;
        try {
            result = Enricher.enrich(file, report, enrichment, enriching, scoring.threads(), progress);
        } catch (RuntimeException e) {
            deleteQuietly(enriching);
            throw DiskFullException.of(e, enriching).<RuntimeException>map(full -> full).orElse(e);
        }
        long enrichMs = (System.nanoTime() - enrichStart) / 1_000_000;
        Map<String, Object> summary = new LinkedHashMap<>(result.summary());
        summary.put("rows_in", result.rowsIn());
        summary.put("skipped_rows", result.skipped().stream().map(Problem::describe).limit(100).toList());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("analysis_id", id);
        manifest.put("input_name", file.getFileName().toString());
        manifest.put("input_sha256", sha);
        manifest.put("created_at", Times.now());
        manifest.put("validation_ms", report.millis());
        manifest.put("enrichment_ms", enrichMs);
        manifest.put("encoding", report.encoding());
        manifest.put("delimiter", report.delimiter());
        manifest.put("enrichment", summary);
        (model != null ? java.util.Optional.of(model.toAbsolutePath().normalize()) : modelService.bundleOverride())
                .ifPresent(b -> manifest.put(ScoringStage.MANIFEST_MODEL, b.toString()));
        (guardrails != null ? java.util.Optional.of(guardrails.toAbsolutePath().normalize()) : scoring.guardrailsFile())
                .ifPresent(g -> manifest.put(ScoringStage.MANIFEST_GUARDRAILS, g.toString()));
        Path manifestFile = dir("pending").resolve(id + ".json");
        try {
            Json.write(manifestFile, manifest);
            AtomicFiles.move(enriching, pending);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(enriching);
            deleteQuietly(manifestFile);
            Optional<DiskFullException> full = DiskFullException.of(e, manifestFile);
            if (full.isPresent()) {
                throw full.get();
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("cannot queue " + id + ": " + e.getMessage(), (IOException) e);
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        report.columns().forEach(c -> schema.put(c.name(), c.type().label() + (c.format() == null ? "" : " " + c.format())));
        long datasetId = analyses.recordDataset(file.getFileName().toString(), sha, report.sizeBytes(), report.dataRows(),
                Json.compact(schema));
        analyses.create(id, datasetId, file.getFileName().toString(), sha, result.rowsEnriched());
        return new Submission(id, pending, report, summary);
    }

    /** What an analysis id may be: a file name of letters, digits, '_', '-' and '.', not starting with a '.'. */
    private static final java.util.regex.Pattern ANALYSIS_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    /**
     * Checks an analysis id chosen by the caller: its form (it names the inbox files) and that no analysis has it, in
     * the store or in any inbox folder. Returns it; throws {@link InputException} saying which rule it breaks.
     */
    public String checkNewAnalysisId(String id) {
        checkAnalysisIdForm(id);
        if (analyses.find(id).isPresent() || !"missing".equals(stateOnDisk(id))
                || Files.exists(dir("failed").resolve(id + ".csv"))) {
            throw new InputException("--analysis-id: an analysis '" + id + "' already exists in the inbox (state "
                    + stateOrRecorded(id) + "); ids are unique: choose another, or leave it out for a new one.");
        }
        return id;
    }

    private static void checkAnalysisIdForm(String id) {
        if (id == null || !ANALYSIS_ID.matcher(id).matches() || id.endsWith(".csv") || id.endsWith(".json")) {
            throw new InputException("--analysis-id: '" + id + "' is not an analysis id: use 1 to 100 letters, digits, '_',"
                    + " '-' or '.', starting with a letter or digit (e.g. test_001).");
        }
    }

    private String stateOrRecorded(String id) {
        String state = stateOnDisk(id);
        return "missing".equals(state) ? analyses.find(id).map(AnalysisRepository.Row::status).orElse("failed") : state;
    }

    /** Drains pending as a job of kind {@code inference} (a tracked run). */
    public JobHandle process(String jobId) {
        return process(jobId, null);
    }

    /**
     * Processes one pending analysis alone (the CSV runner's {@code ml_runner.py <analysis_id>}) as a job of kind
     * {@code inference}, or every pending one when {@code analysisId} is null. A given id must be pending, else
     * {@link InputException} naming its state, before any job is made.
     */
    public JobHandle process(String jobId, String analysisId) {
        jobs.requireNewId(jobId);
        // the job's files are the analyses' results in the inbox, so that is its output folder
        Path inbox = dir("processed").getParent();
        if (analysisId == null) {
            return jobs.submit(new JobRequest(jobId, KIND, Map.of("action", "drain"), inbox, null), this::drainTask);
        }
        checkAnalysisIdForm(analysisId);
        String state = stateOnDisk(analysisId);
        if (!"pending".equals(state)) {
            throw new InputException("analysis '" + analysisId + "' is not pending in the inbox but "
                    + ("missing".equals(state) ? "unknown ('inbox list' shows the analyses)" : state)
                    + "; only a pending analysis can be processed (a failed one: retry it first).");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("action", "drain");
        params.put("analysis_id", analysisId);
        return jobs.submit(new JobRequest(jobId, KIND, params, inbox, null), context -> drainTask(context, analysisId));
    }

    /**
     * The drain as a tracked run. Its files live in the inbox, not in a run folder, so the run's folder is the inbox and
     * its artifacts are the result documents, results CSVs and error files of the analyses it processed; its metrics add
     * up their rows, classes and guardrail raises, so inference runs can be queried like any other.
     */
    private Map<String, Object> drainTask(JobContext context) {
        return drainTask(context, null);
    }

    private Map<String, Object> drainTask(JobContext context, String only) {
        String runId = context.jobId();
        Path inbox = dir("processed").getParent(); // not the context's folder: a retried job gets a runs/ folder of its own
        tracker.start(runId, KIND, "inbox drain", runId, only == null ? Map.of("action", "drain")
                : Map.of("action", "drain", "analysis_id", only), inbox);
        try {
            DrainResult r = only == null ? drain(context) : drainOnly(only, context);
            List<Map<String, Object>> summaries = r.processed().stream().map(this::storedSummary).toList();
            tracker.params(runId, runParams(r, summaries));
            tracker.finish(runId, "succeeded", runMetrics(r, summaries), Tracker.artifacts(inbox, runFiles(r)), null);
            r.processed().forEach(id -> context.log("processed " + id));
            r.failed().forEach(id -> context.log("failed " + id));
            return r.toMap();
        } catch (RuntimeException e) {
            tracker.fail(runId, e instanceof CancelledException ? "cancelled" : "failed", e.getMessage(), null);
            throw e;
        }
    }

    /** The drain's metrics, from the stored summaries of the analyses it processed. */
    private static Map<String, Object> runMetrics(DrainResult r, List<Map<String, Object>> summaries) {
        long rows = 0;
        long raised = 0;
        Map<String, Long> classes = new LinkedHashMap<>();
        for (Map<String, Object> summary : summaries) {
            rows += summary.get("row_count") instanceof Number n ? n.longValue() : 0;
            if (summary.get("scoring") instanceof Map<?, ?> scoring) {
                raised += scoring.get("guardrails_raised") instanceof Number n ? n.longValue() : 0;
                if (scoring.get("counts") instanceof Map<?, ?> counts) {
                    counts.forEach((c, n) -> classes.merge(String.valueOf(c), ((Number) n).longValue(), Long::sum));
                }
            }
        }
        // the telling figures first: the Runs screen shows a kind's first metrics as its default columns
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("rows", rows);
        metrics.put("guardrails_raised", raised);
        metrics.putAll(classes);
        metrics.put("processed", r.processed().size());
        metrics.put("failed", r.failed().size());
        metrics.put("skipped", r.skipped().size());
        metrics.put("recovered", r.recovered().size());
        return metrics;
    }

    /** What the drain worked on, so inference runs can be told apart and compared: analyses, inputs, models, rules. */
    private Map<String, Object> runParams(DrainResult r, List<Map<String, Object>> summaries) {
        java.util.Set<String> inputs = new java.util.LinkedHashSet<>();
        java.util.Set<String> models = new java.util.LinkedHashSet<>();
        java.util.Set<String> rules = new java.util.LinkedHashSet<>();
        for (Map<String, Object> summary : summaries) {
            if (summary.get("input_name") != null) {
                inputs.add(String.valueOf(summary.get("input_name")));
            }
            if (summary.get("scoring") instanceof Map<?, ?> scoring) {
                if (scoring.get("model_version") != null) {
                    models.add(String.valueOf(scoring.get("model_version")));
                }
                if (scoring.get("guardrails_source") != null) {
                    rules.add(String.valueOf(scoring.get("guardrails_source")));
                }
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("action", "drain");
        params.put("analyses", String.join(",", r.processed()));
        params.put("inputs", String.join(",", inputs));
        params.put("model_version", String.join(",", models));
        params.put("guardrails", String.join(",", rules));
        params.put("threads", scoring.threads());
        return params;
    }

    private List<Path> runFiles(DrainResult r) {
        List<Path> files = new ArrayList<>();
        for (String id : r.processed()) {
            files.add(resultFile(id));
            files.add(dir("processed").resolve(id + "_results.csv"));
        }
        for (String id : r.failed()) {
            files.add(dir("failed").resolve(id + "_error.json"));
        }
        return files;
    }

    /** Processes every pending file now, in this thread. */
    public DrainResult drain(Progress progress) {
        List<String> recovered = recoverStaleClaims();
        List<String> ids = pendingIds();
        List<String> processed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            progress.checkCancelled();
            String id = ids.get(i);
            progress.report((double) i / ids.size(), "processing " + id);
            String outcome = processOne(id, progress);
            switch (outcome) {
                case "processed" -> processed.add(id);
                case "failed" -> failed.add(id);
                default -> skipped.add(id);
            }
        }
        return new DrainResult(processed, failed, skipped, recovered);
    }

    /** Processes one analysis now, in this thread (skipped when it is no longer pending). */
    public DrainResult drainOnly(String id, Progress progress) {
        progress.checkCancelled();
        progress.report(0, "processing " + id);
        String outcome = processOne(id, progress);
        return new DrainResult("processed".equals(outcome) ? List.of(id) : List.of(),
                "failed".equals(outcome) ? List.of(id) : List.of(), "skipped".equals(outcome) ? List.of(id) : List.of(), List.of());
    }

    List<String> pendingIds() {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir("pending"), "*.csv")) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".")) {
                    ids.add(name.substring(0, name.length() - 4));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the pending inbox: " + e.getMessage(), e);
        }
        ids.sort(null);
        return ids;
    }

    /** Returns processed, failed or skipped. */
    private String processOne(String id, Progress progress) {
        Path pending = dir("pending").resolve(id + ".csv");
        Path result = dir("processed").resolve(id + ".json");
        Path processedCsv = dir("processed").resolve(id + ".csv");
        try {
            if (Files.exists(result)) {
                // processed already: a second attempt is a no-op, except finishing a move a crash interrupted
                // (with no pending file, another process is finishing its own move right now)
                if (!Files.exists(processedCsv) && Files.exists(pending)) {
                    AtomicFiles.move(pending, processedCsv);
                    Files.deleteIfExists(dir("pending").resolve(id + ".json"));
                    markStatus(id, "processed", null, null);
                    LOG.info("analysis {}: completed the move to processed/ left by an interrupted run", id);
                }
                return "skipped";
            }
            Path claim = dir("pending").resolve(CLAIM_PREFIX + id + "-" + pid + ".csv");
            try {
                AtomicFiles.move(pending, claim);
            } catch (NoSuchFileException e) {
                return "skipped"; // another process claimed it first
            }
            active.add(id);
            try {
                return run(id, claim, progress);
            } catch (IOException | RuntimeException e) {
                Optional<DiskFullException> full = DiskFullException.of(e, workspace.root());
                if (full.isEmpty()) {
                    throw e;
                }
                returnToPending(id, claim, full.get());
                throw full.get();
            } finally {
                active.remove(id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("inbox move failed for " + id + ": " + e.getMessage(), e);
        }
    }

    private String run(String id, Path claim, Progress progress) throws IOException {
        markStatus(id, "processing", null, null);
        Map<String, Object> manifest = readManifest(id);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("analysis_id", id);
        summary.put("input_name", manifest.get("input_name"));
        summary.put("input_sha256", manifest.get("input_sha256"));
        summary.put("created_at", manifest.get("created_at"));
        summary.put("enrichment", manifest.get("enrichment"));
        Map<String, Object> timings = new LinkedHashMap<>();
        if (manifest.get("validation_ms") != null) {
            timings.put("validate", manifest.get("validation_ms"));
        }
        if (manifest.get("enrichment_ms") != null) {
            timings.put("enrich", manifest.get("enrichment_ms"));
        }
        try (ResultDocument document = new ResultDocument(dir("processed").resolve(id + ".json"), summary)) {
            InboxStage.Item item = new InboxStage.Item(id, claim, manifest, dir("processed"), document);
            for (InboxStage stage : stages) {
                long t0 = System.nanoTime();
                Object out;
                try {
                    out = runWithRetries(stage, item, progress);
                } catch (StageFailure f) {
                    fail(id, claim, stage.name(), f.getMessage(), f.getCause());
                    return "failed";
                }
                timings.put(stage.name(), (System.nanoTime() - t0) / 1_000_000);
                if (out instanceof Map<?, ?> m && !m.isEmpty()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> section = (Map<String, Object>) m;
                    summary.put(stage.name(), section);
                    document.stageDone(stage.name(), section);
                }
            }
            Object rows = summary.containsKey("check") ? ((Map<?, ?>) summary.get("check")).get("rows") : null;
            Map<String, Object> tail = new LinkedHashMap<>();
            tail.put("row_count", rows);
            tail.put("timings_ms", timings);
            tail.put("processed_at", Times.now());
            summary.putAll(tail);
            document.finish(tail);
        }
        AtomicFiles.move(claim, dir("processed").resolve(id + ".csv"));
        Files.deleteIfExists(dir("pending").resolve(id + ".json"));
        markStatus(id, "processed", Json.compact(withoutRowDetails(summary)), null);
        return "processed";
    }

    /** The summary for the store: per-row details ({@code rows} of a stage) live in the file and their own table. */
    private static Map<String, Object> withoutRowDetails(Map<String, Object> summary) {
        Map<String, Object> copy = new LinkedHashMap<>();
        summary.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && (m.get("rows") instanceof List<?>
                    || m.get("rows") instanceof com.fasterxml.jackson.databind.JsonSerializable)) {
                Map<Object, Object> stage = new LinkedHashMap<>(m);
                stage.remove("rows");
                copy.put(k, stage);
            } else {
                copy.put(k, v);
            }
        });
        return copy;
    }

    /** A stage failure after retries, with a message fit for the error file. */
    private static final class StageFailure extends Exception {
        private static final long serialVersionUID = 1L;

        StageFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Object runWithRetries(InboxStage stage, InboxStage.Item item, Progress outer) throws StageFailure {
        Options o = options;
        for (int attempt = 1; ; attempt++) {
            AtomicBoolean stop = new AtomicBoolean();
            Progress progress = new Progress() {
                @Override
                public void report(double fraction, String message) {
                    outer.report(fraction, message);
                }

                @Override
                public boolean isCancelled() {
                    return stop.get() || outer.isCancelled();
                }
            };
            item.document().attempt(stage.name());
            Future<Map<String, Object>> future = runner.submit(() -> stage.run(item, progress));
            try {
                return future.get(o.fileTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                stop.set(true);
                future.cancel(true);
                throw new StageFailure("timed out after " + o.fileTimeout().toSeconds() + " s", e);
            } catch (InterruptedException e) {
                stop.set(true);
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new CancelledException();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof CancelledException c) {
                    throw c;
                }
                Optional<DiskFullException> full = DiskFullException.of(cause, item.processedDir());
                if (full.isPresent()) {
                    throw full.get(); // not this file's fault, and no retry frees space: the file goes back to pending
                }
                boolean transientFailure = cause instanceof InboxStage.Transient || cause instanceof IOException
                        || cause instanceof UncheckedIOException;
                String message = clean(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
                if (!transientFailure || attempt >= o.attempts()) {
                    throw new StageFailure(transientFailure ? message + " (after " + attempt + " attempts)" : message, cause);
                }
                LOG.warn("analysis {}: stage {} failed (attempt {} of {}), retrying: {}", item.analysisId(), stage.name(),
                        attempt, o.attempts(), message);
                try {
                    Thread.sleep(o.backoff().toMillis() << (attempt - 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException();
                }
            }
        }
    }

    /**
     * A full disk stopped an analysis part way: its partial results go, the file goes back to pending as it came (a
     * rename needs no room) and is processed again once there is space. Nothing is presented as processed or failed.
     */
    private void returnToPending(String id, Path claim, DiskFullException full) {
        try {
            Files.deleteIfExists(dir("processed").resolve(id + ".json"));
            AtomicFiles.move(claim, dir("pending").resolve(id + ".csv"));
        } catch (IOException e) {
            full.addSuppressed(e); // the claim stays; the next drain returns it once this process has ended
        }
        try {
            markStatus(id, "pending", null, null);
        } catch (RuntimeException e) {
            LOG.debug("analysis {}: status not reset after a full disk: {}", id, e.getMessage());
        }
        LOG.warn("analysis {}: returned to pending: {}", id, full.getMessage());
    }

    /** No internal paths in messages users and other systems read. */
    private String clean(String message) {
        String root = workspace.root().toString();
        return message.replace(dir("pending").toString() + java.io.File.separator, "").replace(root, "<workspace>");
    }

    private void fail(String id, Path claim, String stage, String message, Throwable cause) throws IOException {
        if (cause != null) {
            // the error document stays free of internal detail; the trace is for whoever debugs the stage
            java.io.StringWriter trace = new java.io.StringWriter();
            cause.printStackTrace(new java.io.PrintWriter(trace));
            AtomicFiles.writeString(dir("failed").resolve(id + ERROR_LOG_SUFFIX), "analysis " + id + ", stage " + stage
                    + ", " + Times.now() + "\n" + trace);
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("analysis_id", id);
        error.put("stage", stage);
        error.put("message", message);
        error.put("failed_at", Times.now());
        Json.write(dir("failed").resolve(id + "_error.json"), error);
        AtomicFiles.move(claim, dir("failed").resolve(id + ".csv"));
        Path manifest = dir("pending").resolve(id + ".json");
        if (Files.exists(manifest)) {
            AtomicFiles.move(manifest, dir("failed").resolve(id + ".json"));
        }
        markStatus(id, "failed", null, Json.compact(error));
    }

    /** Puts a failed analysis back into pending (GUI "retry"). */
    public void retry(String id) {
        Path failedCsv = dir("failed").resolve(id + ".csv");
        if (!Files.exists(failedCsv)) {
            throw new InputException("no failed analysis '" + id + "' in the inbox");
        }
        try {
            Path manifest = dir("failed").resolve(id + ".json");
            if (Files.exists(manifest)) {
                AtomicFiles.move(manifest, dir("pending").resolve(id + ".json"));
            }
            AtomicFiles.move(failedCsv, dir("pending").resolve(id + ".csv"));
            Files.deleteIfExists(dir("failed").resolve(id + "_error.json"));
            Files.deleteIfExists(dir("failed").resolve(id + ERROR_LOG_SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + id + " back to pending: " + e.getMessage(), e);
        }
        markStatus(id, "pending", null, null);
    }

    /** Claims left by processes that are gone go back to pending. Returns the analysis ids recovered. */
    public List<String> recoverStaleClaims() {
        List<String> recovered = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir("pending"), CLAIM_PREFIX + "*.csv")) {
            for (Path claim : files) {
                String name = claim.getFileName().toString();
                String core = name.substring(CLAIM_PREFIX.length(), name.length() - 4);
                int dash = core.lastIndexOf('-');
                if (dash < 0) {
                    continue;
                }
                String id = core.substring(0, dash);
                long owner;
                try {
                    owner = Long.parseLong(core.substring(dash + 1));
                } catch (NumberFormatException e) {
                    continue;
                }
                boolean alive = owner == pid ? active.contains(id) : claimerAlive(claim, owner);
                if (alive) {
                    continue;
                }
                Path back = dir("pending").resolve(id + ".csv");
                if (Files.exists(back)) {
                    Files.delete(claim);
                } else {
                    AtomicFiles.move(claim, back);
                }
                markStatus(id, "pending", null, null);
                recovered.add(id);
                LOG.warn("analysis {}: claim of ended process {} returned to pending", id, owner);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover inbox claims: " + e.getMessage(), e);
        }
        return recovered;
    }

    /** Every analysis, newest first, with its state as the folders show it. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        for (AnalysisRepository.Row row : analyses.list(10_000)) {
            String state = stateOnDisk(row.id());
            String error = null;
            Path errorFile = dir("failed").resolve(row.id() + "_error.json");
            if ("failed".equals(state) && Files.exists(errorFile)) {
                try {
                    JsonNode n = Json.MAPPER.readTree(errorFile.toFile());
                    error = n.path("stage").asText() + ": " + n.path("message").asText();
                } catch (IOException e) {
                    error = "unreadable error file";
                }
            }
            Path result = "processed".equals(state) ? dir("processed").resolve(row.id() + ".json") : null;
            out.add(new Entry(row.id(), state, row.inputName(), row.inputSha256(), row.rows(), row.createdAt(), error, result));
        }
        out.addAll(droppedByHand(out));
        return out;
    }

    /**
     * Files put into {@code failed/} or {@code pending/} by hand (as the CSV runner's users did), which no submission
     * recorded: listed with their state, the file's time, and the error file's stage and message when there is one.
     */
    private List<Entry> droppedByHand(List<Entry> recorded) {
        Set<String> known = new java.util.HashSet<>();
        recorded.forEach(e -> known.add(e.analysisId()));
        List<Entry> out = new ArrayList<>();
        for (String state : List.of("pending", "failed")) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir(state), "*.csv")) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    String id = name.substring(0, name.length() - 4);
                    if (name.startsWith(".") || !known.add(id)) {
                        continue;
                    }
                    String error = null;
                    Path errorFile = dir("failed").resolve(id + "_error.json");
                    if ("failed".equals(state)) {
                        error = "no error file";
                        if (Files.exists(errorFile)) {
                            try {
                                JsonNode n = Json.MAPPER.readTree(errorFile.toFile());
                                error = n.path("stage").asText("?") + ": " + n.path("message").asText("(no message)");
                            } catch (IOException e) {
                                error = "unreadable error file";
                            }
                        }
                    }
                    String at = Times.format(Files.getLastModifiedTime(f).toInstant());
                    out.add(new Entry(id, state, name + " (put there by hand)", null, null, at, error, null));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the " + state + " inbox: " + e.getMessage(), e);
            }
        }
        out.sort(java.util.Comparator.comparing(Entry::createdAt).reversed());
        return out;
    }

    /** processed, failed, processing (claimed), pending, or missing. */
    public String stateOnDisk(String id) {
        if (Files.exists(dir("processed").resolve(id + ".json"))) {
            return "processed";
        }
        if (Files.exists(dir("failed").resolve(id + "_error.json"))) {
            return "failed";
        }
        if (Files.exists(dir("pending").resolve(id + ".csv"))) {
            return "pending";
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir("pending"), CLAIM_PREFIX + id + "-*.csv")) {
            if (files.iterator().hasNext()) {
                return "processing";
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "missing";
    }

    /** Ids waiting in pending (for a watcher deciding whether to start a drain job). */
    public List<String> pendingIdsForWatch() {
        return pendingIds();
    }

    /**
     * Waits until each analysis is processed or failed, whichever process takes it (this one's drain, another command's,
     * an {@code inbox watch} or the GUI): a file still pending, or claimed by a process that ended, gets another drain
     * job here; one another live process is working on is waited for. Returns each id's final state.
     */
    public Map<String, String> awaitOutcome(List<String> ids, Progress progress) {
        while (true) {
            Map<String, String> states = new LinkedHashMap<>();
            ids.forEach(id -> states.put(id, stateOnDisk(id)));
            if (!states.containsValue("pending") && !states.containsValue("processing")) {
                return states;
            }
            if (states.containsValue("pending") || hasStaleClaims()) {
                process(null).await();
            } else {
                progress.checkCancelled();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException();
                }
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
    }

    /** True when a claim of an ended process waits to be recovered. */
    /**
     * Whether the process that renamed {@code claim} to its name still runs: a process of that pid lives and started
     * before the rename (the rename set the claim's change time). A process that started after it got the pid of an
     * ended claimer from the system, which hands ended processes' pids out again.
     */
    static boolean claimerAlive(Path claim, long owner) {
        Optional<ProcessHandle> process = ProcessHandle.of(owner).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return false;
        }
        Optional<Instant> started = process.get().info().startInstant();
        try {
            Instant claimed = ((java.nio.file.attribute.FileTime) Files.getAttribute(claim, "unix:ctime")).toInstant();
            // a start time is the boot time (whole seconds) plus clock ticks: a second of slack
            return started.isEmpty() || !started.get().isAfter(claimed.plusSeconds(1));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return true; // no change time on this file system: the pid alone, as before
        }
    }

    public boolean hasStaleClaims() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir("pending"), CLAIM_PREFIX + "*.csv")) {
            for (Path claim : files) {
                String name = claim.getFileName().toString();
                String owner = name.substring(name.lastIndexOf('-') + 1, name.length() - 4);
                try {
                    long p = Long.parseLong(owner);
                    if (p != pid && !claimerAlive(claim, p)) {
                        return true;
                    }
                } catch (NumberFormatException e) {
                    // not ours
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path resultFile(String id) {
        return dir("processed").resolve(id + ".json");
    }

    /** The scored rows and summary of a processed analysis (reads files: run it off the FX thread). */
    public AnalysisResults results(String id, Progress progress) {
        return AnalysisResults.read(dir("processed"), id, progress);
    }

    /**
     * The summary of a processed analysis as stored in SQLite (no per-row list; cheap at any size), else read
     * from {@code processed/<id>.json}. Top-level keys sorted, as in the file.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> storedSummary(String id) {
        var row = analyses.find(id);
        if (row.isPresent() && row.get().summaryJson() != null) {
            try {
                return Json.MAPPER.convertValue(Json.MAPPER.readTree(row.get().summaryJson()), java.util.TreeMap.class);
            } catch (IOException e) {
                LOG.warn("analysis {}: unreadable stored summary, reading the result file: {}", id, e.getMessage());
            }
        }
        return resultSummary(id);
    }

    /** The summary of {@code processed/<id>.json} without its per-row list. */
    public Map<String, Object> resultSummary(String id) {
        return AnalysisResults.summaryOf(resultFile(id));
    }

    private Map<String, Object> readManifest(String id) {
        Path manifest = dir("pending").resolve(id + ".json");
        if (!Files.exists(manifest)) {
            return new LinkedHashMap<>(Map.of("analysis_id", id));
        }
        try {
            return Json.MAPPER.readValue(manifest.toFile(), LinkedHashMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable manifest of " + id + ": " + e.getMessage(), e);
        }
    }

    private void markStatus(String id, String status, String summary, String error) {
        if (analyses.find(id).isEmpty()) {
            return; // a file dropped into pending by hand has no row
        }
        analyses.update(id, status, null, "processing".equals(status) ? String.valueOf(pid) : null, summary, error);
    }

    private static String newId() {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        return "an-" + stamp + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    void close() {
        runner.shutdownNow();
    }

    /**
     * Lines as {@link BufferedReader#readLine()} counts them (ended by LF, CR or CRLF; a last line without
     * a line break counts), from bytes: the file is UTF-8, where those bytes are never part of another character.
     */
    static long countLines(Path file) throws IOException {
        long lines = 0;
        boolean pendingText = false;
        boolean afterCr = false;
        byte[] buf = new byte[1 << 20];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        if (!afterCr) {
                            lines++;
                        }
                        pendingText = false;
                        afterCr = false;
                    } else if (b == '\r') {
                        lines++;
                        pendingText = false;
                        afterCr = true;
                    } else {
                        pendingText = true;
                        afterCr = false;
                    }
                }
            }
        }
        return lines + (pendingText ? 1 : 0);
    }

    /** Built-in first stage: the enriched table is there, has a manifest, and its rows are counted. */
    private static final class CheckStage implements InboxStage {
        @Override
        public String name() {
            return "check";
        }

        @Override
        public Map<String, Object> run(Item item, Progress progress) throws IOException {
            if (!item.manifest().containsKey("input_sha256")) {
                throw new InputException("no manifest: files must enter the inbox through 'riskbench infer' or the GUI,"
                        + " which validate and enrich them");
            }
            long rows = countLines(item.enrichedCsv()) - 1;
            return Map.of("rows", Math.max(0, rows));
        }
    }
}
