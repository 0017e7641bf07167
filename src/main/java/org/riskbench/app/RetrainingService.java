package org.riskbench.app;

import org.riskbench.store.Workspace;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import java.util.concurrent.atomic.AtomicReference;
import org.riskbench.core.CancelledException;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.core.Times;
import org.riskbench.core.model.JobRecord;
import org.riskbench.engine.intake.EnrichmentConfig;
import org.riskbench.engine.intake.SyntheticTransactions;
import org.riskbench.engine.learning.HoldoutEvaluation;
import org.riskbench.engine.retraining.DatasetWriter;
import org.riskbench.engine.retraining.Decay;
import org.riskbench.engine.retraining.ErrorFilter;
import org.riskbench.engine.retraining.EvalRow;
import org.riskbench.engine.retraining.FineTuner;
import org.riskbench.engine.retraining.MistakeRows;
import org.riskbench.engine.retraining.Promotion;
import org.riskbench.engine.retraining.Retraining;
import org.riskbench.engine.retraining.RetrainingConfig;
import org.riskbench.engine.scoring.ModelBundle;
import org.riskbench.engine.scoring.Table;
import org.riskbench.engine.scoring.TransactionsData;
import org.riskbench.jobs.JobContext;
import org.riskbench.jobs.JobHandle;
import org.riskbench.jobs.JobRequest;
import org.riskbench.jobs.JobService;
import org.riskbench.store.ModelRepository;
import org.riskbench.store.RetrainingRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retraining from feedback (docs/spec/retraining.md): each run is a job (kind {@code retraining}) and a tracked run,
 * recorded in {@code retraining_runs} with its log file ({@code runs/<id>/retraining.log}), the fine-tune
 * dataset ({@code finetune_dataset.csv}) and {@code metrics.json}; the requests queue; the daily run at app
 * start; the decay check; activation and rollback of model versions.
 *
 * <p>The original training data replayed into each run, and whose holdout part is the fixed holdout, is
 * the default model's: the shipped synthetic sample (the only training data the workspace can rebuild).
 */
public final class RetrainingService {
    public static final String KIND = "retraining";
    public static final Set<String> SOURCES = Set.of("auto_daily", "manual", "decay_triggered");
    public static final Set<String> PRIORITIES = Set.of("low", "normal", "high");
    /** {@code requested_by} of the requests the decay check files. */
    public static final String DECAY_REQUESTER = "decay-check";
    private static final Logger LOG = LoggerFactory.getLogger(RetrainingService.class);
    private static final AtomicReference<Table> ORIGINAL = new AtomicReference<>();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final JobService jobs;
    private final Tracker tracker;
    private final InboxService inbox;
    private final Workspace workspace;
    private final ModelService modelService;
    private final RetrainingRepository repo;
    private final ModelRepository models;
    private volatile Retraining.ModelTrainer trainer = new FineTuner();

    /** A model version as the Models screen shows it. */
    public record ModelView(String version, String status, String createdAt, String reason, Double accuracy, Double macroF1,
                            String path, List<ClassScore> perClass) {
    }

    /** Holdout precision and recall of one class (null when the class was never predicted, or never true). */
    public record ClassScore(String name, Double precision, Double recall) {
    }

    /** A retraining run as the Models screen and the CLI show it. */
    public record RunView(String id, String source, String status, Integer datasetSize, boolean fineTune, String modelVersion,
                          Boolean promoted, String reason, Integer errors, Double accuracy, Double macroF1, String startedAt,
                          String completedAt, String errorMessage, String triggeredBy, String logPath, String createdAt) {
    }

    /** A queued or processed request. */
    public record RequestView(long id, String requestedBy, String reason, String priority, String status, String processedAt,
                              String runId, String createdAt) {
    }

    /** A started run: its id (also the job's) and the job. */
    public record Started(String runId, JobHandle job) {
    }

    RetrainingService(JobService jobs, Tracker tracker, InboxService inbox, Workspace workspace, ModelService modelService, RetrainingRepository repo, ModelRepository models) {
        this.jobs = jobs;
        this.tracker = tracker;
        this.inbox = inbox;
        this.workspace = workspace;
        this.modelService = modelService;
        this.repo = repo;
        this.models = models;
        jobs.register(KIND, this::taskFromParams, "the feedback used or the training rows");
    }

    /** Replaces how candidates are trained (tests; a benchmark). */
    public void useTrainer(Retraining.ModelTrainer newTrainer) {
        this.trainer = newTrainer;
    }

    /** Starts a run as a job; the run is recorded {@code pending} now. */
    public Started retrain(String source, RetrainingConfig config, String triggeredBy) {
        return retrain(source, config, triggeredBy, null);
    }

    /** Starts a run as a job with a given job id (null: generated); the run id is the job id. */
    public Started retrain(String source, RetrainingConfig config, String triggeredBy, String jobId) {
        if (!SOURCES.contains(source)) {
            throw new InputException("source '" + source + "' is not one of auto_daily, manual, decay_triggered");
        }
        if (jobId != null && jobs.find(JobService.validId(jobId)).isPresent()) {
            // checked before the run row is written, so a reused id leaves no half-made run behind
            throw new InputException("job id '" + jobId + "' is already used in this workspace; choose another --job-id");
        }
        String runId = jobId != null ? jobId : JobService.newId(KIND);
        Path out = workspace.runDir(runId);
        repo.createRun(runId, source, config.fineTune(), triggeredBy, out.resolve("retraining.log").toString());
        Map<String, Object> params = params(source, config, triggeredBy);
        try {
            JobHandle job = jobs.submit(new JobRequest(runId, KIND, params, out, null),
                    context -> execute(context, source, config, triggeredBy, params));
            return new Started(runId, job);
        } catch (RuntimeException e) {
            repo.fail(runId, "could not queue the job: " + e.getMessage());
            throw e;
        }
    }

    /**
     * A retraining job's parameters (stored with the job, read again by a retry, kept by its tracked run).
     *
     * @param source      auto_daily, manual or decay_triggered
     * @param triggeredBy who or what started it, or null
     */
    @JsonPropertyOrder({"source", "triggered_by", "config"})
    record Params(
            @JsonProperty("source") String source,
            @JsonProperty("triggered_by") String triggeredBy,
            @JsonProperty("config") RetrainingConfig config) {
    }

    private static Map<String, Object> params(String source, RetrainingConfig config, String triggeredBy) {
        return JobParams.asMap(new Params(source, triggeredBy, config));
    }

    private org.riskbench.jobs.JobTask taskFromParams(JsonNode stored) {
        return context -> {
            Params p = Json.MAPPER.treeToValue(stored, Params.class);
            String source = p.source() == null ? "manual" : p.source();
            RetrainingConfig config = p.config();
            if (repo.findRun(context.jobId()).isEmpty()) { // a retry: a new run under the new job's id
                repo.createRun(context.jobId(), source, config.fineTune(), p.triggeredBy(),
                        context.outputDir().resolve("retraining.log").toString());
            }
            return execute(context, source, config, p.triggeredBy(), params(source, config, p.triggeredBy()));
        };
    }

    private RetrainingJobResult execute(JobContext context, String source, RetrainingConfig config, String triggeredBy,
                                        Map<String, Object> params) throws IOException {
        String runId = context.jobId();
        Path out = context.outputDir();
        Files.createDirectories(out);
        Path logFile = out.resolve("retraining.log");
        repo.markRunning(runId);
        tracker.start(runId, KIND, source + " retraining", runId, params, out);
        try {
            log(context, logFile, "retraining run " + runId + " (" + source + (triggeredBy == null ? "" : ", by " + triggeredBy)
                    + "), " + (config.fineTune() ? "fine-tune" : "from scratch"));
            List<EvalRow> log = evaluationLog(null);
            Instant now = Instant.now();
            int errors = ErrorFilter.select(log, config, now).size();
            log(context, logFile, "evaluation log: " + log.size() + " rows with feedback; " + errors + " confident mistakes (p >= "
                    + config.confidenceThreshold() + ", last " + config.lookbackDays() + " days)");
            Retraining.Inputs inputs;
            ModelBundle current = null;
            if (errors < config.minErrorSamples()) { // the engine stops before it reads the model or the training data
                inputs = new Retraining.Inputs(log, e -> null, null, "label", null, 0, now);
            } else {
                current = modelService.bundleForScoring(context);
                log(context, logFile, "current model " + current.version());
                inputs = new Retraining.Inputs(log, this::errorRows, original(), "label", current.model(), holdoutSeed(current), now);
            }
            Retraining.Outcome o = Retraining.run(config, inputs, trainer, context);
            RetrainingJobResult metrics = RetrainingJobResult.of(o.metrics());
            if (!o.trained()) {
                log(context, logFile, o.message());
                writeMetrics(out, metrics);
                repo.complete(runId, 0, Json.compact(metrics), null, null, o.message());
            } else {
                DatasetWriter.write(out.resolve("finetune_dataset.csv"), o.dataset());
                String version = "r-" + STAMP.format(Instant.now()) + "-" + runId.substring(Math.max(0, runId.length() - 4));
                Path dir = workspace.modelsDir().resolve(version);
                // a bundle's metrics.json is the trainer's open set (each trainer names its own); a retrained one's these
                Map<String, Object> bundleMetrics = new LinkedHashMap<>();
                bundleMetrics.put("holdout", metrics.holdout().asMap());
                bundleMetrics.put("retraining_run", runId);
                bundleMetrics.put("parent", current.version());
                ModelBundle b = ModelBundle.save(dir, version, Times.now(), org.riskbench.core.Hashing.sha256(out.resolve("finetune_dataset.csv")),
                        bundleMetrics, o.candidate());
                Registered registered = register(context, logFile, new ModelRepository.Row(version, b.createdAt(), null,
                        Json.compact(bundleMetrics), dir.toAbsolutePath().toString(), null), o.decision(), current, metrics, config);
                Promotion.Decision d = registered.decision();
                metrics = registered.metrics().withModelVersion(version);
                writeMetrics(out, metrics);
                repo.complete(runId, o.datasetSize(), Json.compact(metrics), version, d.promote(), d.reason());
                log(context, logFile, "dataset " + o.datasetSize() + " rows (" + o.errors() + " mistakes + replay); model " + version
                        + " " + d.reason());
            }
            tracker.succeed(runId, flat(metrics), out);
            return metrics;
        } catch (Exception | Error e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            try {
                log(context, logFile, "failed: " + msg);
            } catch (RuntimeException ignored) {
                LOG.debug("cannot write the retraining log", ignored);
            }
            repo.fail(runId, e instanceof CancelledException ? "cancelled" : msg);
            tracker.fail(runId, e instanceof CancelledException ? "cancelled" : "failed", msg, out);
            throw e;
        }
    }

    /**
     * Step 7 at promotion time. The run decided against the model it started with ({@code current}); that decision is
     * registered only if that model is still the active one, checked in the same write transaction. If another run or
     * process activated a model meanwhile, the candidate is compared again, on the same fixed holdout, with the model
     * active now, and registered against that one (again checked), so a promotion never rests on a stale comparison.
     * Returns the decision registered and the run's metrics updated with what was compared.
     */
    private Registered register(JobContext context, Path logFile, ModelRepository.Row candidate, Promotion.Decision started,
                                ModelBundle current, RetrainingJobResult metrics, RetrainingConfig config) {
        double candidateF1 = metrics.macroF1();
        HoldoutEvaluation startedHoldout = metrics.currentHoldout();
        HoldoutEvaluation startedSupervised = metrics.currentHoldoutSupervised();
        String against = current.version();
        Promotion.Decision d = started;
        while (true) {
            ModelRepository.Registration r = models.registerIfActiveIs(against, new ModelRepository.Row(candidate.version(),
                    candidate.createdAt(), d.promote() ? "active" : "rejected", candidate.metricsJson(), candidate.path(), d.reason()));
            if (r.registered()) {
                return new Registered(d, metrics.comparedWith(against, d.promote(), d.reason()));
            }
            String now = r.active() == null ? null : r.active().version();
            if (now == null || now.equals(current.version())) { // no active model, or the run's own one again: its comparison holds
                against = now;
                d = started;
                metrics = metrics.currentHoldout(startedHoldout, startedSupervised);
                continue;
            }
            log(context, logFile, "model " + now + " became active during this run; comparing the candidate with it on the same"
                    + " fixed holdout");
            Retraining.HoldoutMetrics m = Retraining.onFixedHoldout(ModelBundle.load(Path.of(r.active().path())).model(), original(),
                    "label", holdoutSeed(current), current.model().classes());
            d = Promotion.decide(candidateF1, now, m.macroF1(), current.version(), startedHoldout.macroF1(), config.promotionTolerance());
            metrics = metrics.startedWith(current.version(), startedHoldout).currentHoldout(m.finalClass(), m.supervised());
            against = now;
        }
    }

    /** A promotion as registered: the decision and the run's metrics with what the candidate was compared with. */
    private record Registered(Promotion.Decision decision, RetrainingJobResult metrics) {
    }

    /**
     * {@code metrics.json}: the result's keys sorted, as the file has always had them (it was written from a map with
     * sorted keys; the job result keeps the run's order).
     */
    private static void writeMetrics(Path out, RetrainingJobResult metrics) {
        Json.write(out.resolve("metrics.json"), asMap(metrics));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(RetrainingJobResult metrics) {
        return Json.MAPPER.convertValue(metrics, LinkedHashMap.class);
    }

    /**
     * The tracked run's metrics: the result's values that are not objects (in metrics.json's order), and the
     * candidate's holdout headline; a map because the run index keeps every kind's metrics as one open set of names.
     */
    private static Map<String, Object> flat(RetrainingJobResult result) {
        Map<String, Object> m = asMap(result);
        m.values().removeIf(v -> v instanceof Map);
        if (result.holdout() != null) {
            m.put("holdout_accuracy", result.holdout().accuracy());
            m.put("holdout_macro_f1", result.holdout().macroF1());
        }
        return m;
    }

    private static void log(JobContext context, Path file, String line) {
        context.log(line);
        try {
            Files.writeString(file, Times.now() + " " + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Predictions with feedback, optionally of one model version. */
    private List<EvalRow> evaluationLog(String modelVersion) {
        List<EvalRow> out = new ArrayList<>();
        for (RetrainingRepository.LogRow r : repo.evaluationLog()) {
            if (modelVersion != null && !modelVersion.equals(r.modelVersion())) {
                continue;
            }
            double p = 0;
            try {
                JsonNode probs = Json.MAPPER.readTree(r.probabilitiesJson());
                p = probs.path(r.predicted()).asDouble(0);
            } catch (IOException e) {
                LOG.warn("analysis {} row {}: unreadable probabilities; counted as not confident", r.analysisId(), r.row());
            }
            out.add(new EvalRow(r.analysisId(), r.row(), r.predicted(), p, r.trueClass(), Times.parse(r.predictedAt())));
        }
        return out;
    }

    /** The enriched rows of the mistakes, from each analysis' processed table ({@code inbox/processed/<id>.csv}). */
    private Table errorRows(List<EvalRow> errors) {
        return MistakeRows.join(errors, id -> inbox.dir("processed").resolve(id + ".csv"));
    }

    /** The default model's training data, enriched (built once per JVM: a pure function of constants). */
    static Table original() {
        Table t = ORIGINAL.get();
        if (t == null) {
            Path tmp = null;
            try {
                tmp = Files.createTempFile("riskbench-original-", ".csv");
                SyntheticTransactions.write(tmp, ModelService.DEFAULT_ROWS, ModelService.DEFAULT_SEED, SyntheticTransactions.Dialect.EN);
                t = TransactionsData.load(tmp, "label", EnrichmentConfig.defaults(), Progress.NONE);
                ORIGINAL.compareAndSet(null, t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException e) {
                        LOG.debug("cannot delete {}", tmp, e);
                    }
                }
            }
        }
        return t;
    }

    private static long holdoutSeed(ModelBundle b) {
        Object split = b.metrics() == null ? null : b.metrics().get("split");
        if (split instanceof Map<?, ?> m && m.get("seed") instanceof Number n) {
            return n.longValue();
        }
        return ModelService.DEFAULT_SEED;
    }

    // ---- requests, daily, decay

    /**
     * Takes one pending request now (the predecessor's {@code run_auto_reinforcement(request_id=...)}), with
     * {@code source} or, when null, the source the queue would give it. The caller waits for the run and then calls
     * {@link #finishRequest}. Throws {@link InputException} when there is no such request or it is not pending.
     */
    public Started startRequest(long requestId, String source, RetrainingConfig config, String jobId) {
        RetrainingRepository.Request r = repo.claim(requestId).orElseThrow(() -> new InputException("--request-id: "
                + repo.listRequests(10_000).stream().filter(q -> q.id() == requestId).findFirst()
                        .map(q -> "request #" + requestId + " is " + q.status() + ", not pending")
                        .orElse("there is no request #" + requestId) + "; 'riskbench retrain requests' lists them."));
        String src = source != null ? source : DECAY_REQUESTER.equals(r.requestedBy()) ? "decay_triggered" : "manual";
        try {
            return retrain(src, config, "request #" + r.id() + " by " + r.requestedBy(), jobId);
        } catch (RuntimeException e) {
            repo.finishRequest(r.id(), "cancelled", null);
            throw e;
        }
    }

    /** Ends a request taken with {@link #startRequest}: completed with its run. */
    public void finishRequest(long requestId, String runId) {
        repo.finishRequest(requestId, "completed", runId);
    }

    public long request(String requestedBy, String reason, String priority) {
        String p = priority == null ? "normal" : priority.trim().toLowerCase(java.util.Locale.ROOT);
        if (!PRIORITIES.contains(p)) {
            throw new InputException("priority '" + priority + "' is not one of low, normal, high");
        }
        if (requestedBy == null || requestedBy.isBlank()) {
            throw new InputException("a request needs requested_by (who asks)");
        }
        return repo.addRequest(requestedBy.trim(), reason, p);
    }

    public List<RequestView> requests() {
        return repo.listRequests(200).stream().map(r -> new RequestView(r.id(), r.requestedBy(), r.reason(), r.priority(), r.status(),
                r.processedAt(), r.runId(), r.createdAt())).toList();
    }

    /** A request taken from the queue: its run (null when the run could not start) and the outcome, as one line. */
    public record Processed(RequestView request, String runId, boolean failed, String line) {
    }

    /**
     * Takes pending requests one at a time (highest priority first, then oldest), runs each and waits for it;
     * returns the run ids. Decay requests run with source {@code decay_triggered}, the others {@code manual}.
     */
    public List<String> processRequests(RetrainingConfig config) {
        return processRequests(config, p -> { }).stream().map(Processed::runId).filter(java.util.Objects::nonNull).toList();
    }

    /** As {@link #processRequests(RetrainingConfig)}, telling {@code each} about every request as it is done. */
    public List<Processed> processRequests(RetrainingConfig config, java.util.function.Consumer<Processed> each) {
        List<Processed> done = new ArrayList<>();
        for (Optional<RetrainingRepository.Request> next = repo.claimNext(); next.isPresent(); next = repo.claimNext()) {
            RetrainingRepository.Request r = next.get();
            RequestView view = new RequestView(r.id(), r.requestedBy(), r.reason(), r.priority(), r.status(), r.processedAt(), r.runId(),
                    r.createdAt());
            String what = "request #" + r.id() + " (" + r.priority() + ", by " + r.requestedBy() + "): ";
            String source = DECAY_REQUESTER.equals(r.requestedBy()) ? "decay_triggered" : "manual";
            Processed p;
            try {
                Started s = retrain(source, config, "request #" + r.id() + " by " + r.requestedBy());
                s.job().await();
                repo.finishRequest(r.id(), "completed", s.runId());
                RunView run = run(s.runId()).orElseThrow();
                boolean failed = !"completed".equals(run.status());
                p = new Processed(view, s.runId(), failed, what + "run " + s.runId() + " " + run.status() + ": "
                        + (failed ? run.errorMessage() : run.reason()));
            } catch (RuntimeException e) {
                LOG.warn("retraining request {} could not run: {}", r.id(), e.getMessage());
                repo.finishRequest(r.id(), "cancelled", null);
                p = new Processed(view, null, true, what + "cancelled, its run could not start: " + e.getMessage());
            }
            done.add(p);
            each.accept(p);
        }
        return done;
    }

    /**
     * Starts an {@code auto_daily} run when the last one is older than 24 h (or there is none). A workspace without an
     * active model has nothing to retrain and no feedback to learn from, so it gets no daily run: a new workspace opens
     * with no jobs (and the GUI's offer to run the samples) instead of an "insufficient data" run.
     */
    public Optional<Started> runDailyIfDue(RetrainingConfig config) {
        if (models.active().isEmpty()) {
            return Optional.empty();
        }
        Optional<RetrainingRepository.Run> last = repo.lastRun("auto_daily");
        if (last.isPresent() && Times.parse(last.get().createdAt()).isAfter(Instant.now().minus(Duration.ofHours(24)))) {
            return Optional.empty();
        }
        return Optional.of(retrain("auto_daily", config, "app start"));
    }

    /** What the GUI calls at start, off the FX thread: the daily run when due, the decay check, then queued requests. */
    public void atStartup() {
        RetrainingConfig config = RetrainingConfig.defaults();
        runDailyIfDue(config).ifPresent(s -> s.job().await());
        checkDecayThenRequests(config, line -> LOG.info("{}", line));
    }

    /**
     * What follows the daily run, at app start and in {@code retrain --source auto_daily} (the cron entry point): the
     * decay check, then the pending requests, each run with {@code config} and waited for. Each thing done is reported
     * as one line (the check's verdict and any request it filed; each request with its run and outcome). Returns false
     * when a request's run failed or could not start.
     */
    public boolean checkDecayThenRequests(RetrainingConfig config, java.util.function.Consumer<String> report) {
        report.accept(checkDecay(config).map(DecayCheck::line).orElse("decay check: no active model with a holdout accuracy;"
                + " nothing to check"));
        boolean ok = true;
        for (Processed p : processRequests(config, p -> report.accept(p.line()))) {
            ok &= !p.failed();
        }
        return ok;
    }

    /** A decay verdict, and the request filed for it or already open (null: not triggered). */
    public record DecayCheck(Decay.Verdict verdict, Long request, boolean filed) {
        public String line() {
            if (request == null) {
                return verdict.message();
            }
            return verdict.message() + (filed ? "; request #" + request + " filed (high priority)"
                    : "; request #" + request + " is already open");
        }
    }

    /**
     * Rolling accuracy on the feedback of the active model's predictions against its holdout accuracy;
     * files a high-priority {@code decay-check} request when it dropped by more than {@code decay_drop}
     * (unless one is already open). Empty when there is no active model (or it has no holdout accuracy).
     */
    public Optional<DecayCheck> checkDecay(RetrainingConfig config) {
        Optional<ModelRepository.Row> active = models.active();
        if (active.isEmpty()) {
            return Optional.empty();
        }
        Double holdout = metric(active.get().metricsJson(), "accuracy");
        if (holdout == null) {
            return Optional.empty();
        }
        Decay.Verdict v = Decay.check(evaluationLog(active.get().version()), holdout, config);
        LOG.info("{}", v.message());
        if (!v.triggered()) {
            return Optional.of(new DecayCheck(v, null, false));
        }
        RetrainingRepository.Filed f = repo.addRequestUnlessOpen(DECAY_REQUESTER, v.message(), "high");
        return Optional.of(new DecayCheck(v, f.id(), f.filed()));
    }

    // ---- views, activation

    public List<RunView> runs(int limit) {
        return repo.listRuns(limit).stream().map(RetrainingService::view).toList();
    }

    public Optional<RunView> run(String id) {
        return repo.findRun(id).map(RetrainingService::view);
    }

    private static RunView view(RetrainingRepository.Run r) {
        RetrainingJobResult m = storedMetrics(r.metricsJson());
        HoldoutEvaluation h = m == null ? null : m.holdout();
        return new RunView(r.id(), r.source(), r.status(), r.datasetSize(), r.fineTune(), r.modelVersion(), r.promoted(),
                r.promotedReason(), m == null ? null : m.errors(), h == null ? null : finite(h.accuracy()), h == null ? null : finite(h.macroF1()),
                r.startedAt(), r.completedAt(), r.errorMessage(), r.triggeredBy(), r.logPath(), r.createdAt());
    }

    /** A run's stored metrics; null while it has none (queued, running, failed) or when they are unreadable. */
    private static RetrainingJobResult storedMetrics(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return RetrainingJobResult.fromJson(json);
        } catch (IllegalArgumentException e) {
            LOG.warn("unreadable retraining metrics: {}", e.getMessage());
            return null;
        }
    }

    /** Null for a figure that is not a number (a class the holdout lacks), as the Models screen shows none. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    public List<ModelView> models() {
        return models.list().stream().map(this::modelView).toList();
    }

    /**
     * A version's holdout figures. A general model's registered metrics hold each learner's and baseline's figures but
     * neither its confusion nor (two classes) a macro-F1: those come from its bundle's evaluation, read once per bundle.
     */
    private ModelView modelView(ModelRepository.Row r) {
        JsonNode metrics = tree(r.metricsJson());
        if (org.riskbench.engine.tabular.TabularBundle.KIND.equals(metrics.path("kind").asText()) && r.path() != null) {
            GeneralHoldout h = generalHoldouts.computeIfAbsent(r.path(), RetrainingService::generalHoldout);
            return new ModelView(r.version(), r.status(), r.createdAt(), r.reason(), h.accuracy(), h.macroF1(), r.path(), h.perClass());
        }
        return new ModelView(r.version(), r.status(), r.createdAt(), r.reason(), metric(r.metricsJson(), "accuracy"),
                metric(r.metricsJson(), "macro_f1"), r.path(), perClass(metrics.path("holdout")));
    }

    /** A general model's holdout accuracy, macro-F1 and per-class figures at its threshold (nulls and none when unreadable). */
    private record GeneralHoldout(Double accuracy, Double macroF1, List<ClassScore> perClass) {
    }

    /** Bundle folder -> its holdout figures: a bundle never changes once written, and its evaluation may be megabytes. */
    private final Map<String, GeneralHoldout> generalHoldouts = new java.util.concurrent.ConcurrentHashMap<>();

    private static GeneralHoldout generalHoldout(String bundle) {
        Path f = Path.of(bundle).resolve("evaluation.json");
        JsonNode ev;
        try {
            ev = Json.MAPPER.readTree(f.toFile());
        } catch (IOException | RuntimeException e) {
            LOG.debug("no holdout figures for {}: {}", bundle, e.toString());
            return new GeneralHoldout(null, null, List.of());
        }
        // from the model's holdout confusion matrix at its threshold (rows: true class, columns: predicted)
        JsonNode holdout = ev.path("holdout");
        org.riskbench.engine.learning.Evaluation.Confusion cm = confusion(holdout.path("confusion_matrix"));
        Double accuracy = null;
        Double macroF1 = null;
        if (cm.classes() > 0) {
            accuracy = cm.total() == 0 ? null : cm.accuracy();
            macroF1 = cm.macroF1();
        }
        return new GeneralHoldout(accuracy, macroF1, perClass(holdout));
    }

    /** Per-class precision and recall from the holdout confusion matrix (rows: true class, columns: predicted). */
    static List<ClassScore> perClass(JsonNode holdout) {
        JsonNode order = holdout.path("confusion_order");
        JsonNode matrix = holdout.path("confusion_matrix");
        List<ClassScore> out = new ArrayList<>();
        int k = order.size();
        if (k == 0 || matrix.size() != k) {
            return out;
        }
        org.riskbench.engine.learning.Evaluation.Confusion cm = confusion(matrix);
        for (int c = 0; c < k; c++) {
            out.add(new ClassScore(order.path(c).asText(), cm.predicted(c) == 0 ? null : cm.precision(c),
                    cm.support(c) == 0 ? null : cm.recall(c)));
        }
        return List.copyOf(out);
    }

    /** A stored confusion matrix (rows: true class, columns: predicted) as the project's one evaluation reads it. */
    private static org.riskbench.engine.learning.Evaluation.Confusion confusion(JsonNode matrix) {
        int k = matrix.size();
        long[][] counts = new long[k][k];
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                counts[t][p] = matrix.path(t).path(p).asLong();
            }
        }
        return new org.riskbench.engine.learning.Evaluation.Confusion(counts);
    }

    private static Double metric(String json, String name) {
        JsonNode n = tree(json).path("holdout").path(name);
        return n.isNumber() ? n.asDouble() : null;
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    /** Makes a registered version the active model (the previous active one is retired); a rejected version is refused. */
    public void activate(String version) {
        activate(version, false);
    }

    /**
     * Makes a registered version the active model (the previous active one is retired). A version retraining rejected
     * is refused (one sentence naming it and why it was rejected) unless {@code force}; forced, its reason says so and
     * it keeps its rejection, so it returns to {@code rejected} when replaced and rollback never picks it. Returns the
     * reason recorded for it (null when it was already active).
     */
    public String activate(String version, boolean force) {
        ModelRepository.Row row = models.find(version).orElseThrow(() -> new InputException("no model version '" + version
                + "' in this workspace; see 'riskbench model list'"));
        if ("active".equals(row.status())) {
            return null;
        }
        String rejection = row.rejection();
        if (rejection != null && !force) {
            throw new InputException("model " + version + " was " + (rejection.startsWith("rejected") ? rejection : "rejected (" + rejection + ")")
                    + "; it stays inactive (to activate it anyway: riskbench model activate " + version + " --force)");
        }
        ModelBundle.load(Path.of(row.path())); // refuse a missing or corrupt bundle before switching
        String reason = rejection != null ? "forced active; " + rejection : "activated (was " + row.status() + ")";
        models.register(new ModelRepository.Row(row.version(), row.createdAt(), "active", row.metricsJson(), row.path(), reason,
                rejection));
        return reason;
    }

    /**
     * Re-activates the model the active one replaced (else the newest retired one); returns its version. A rejected
     * version is never brought back, even one that was forced active.
     */
    public String rollback() {
        ModelRepository.Row active = models.active().orElseThrow(() -> new InputException("there is no active model to roll back"));
        List<ModelRepository.Row> retired = models.list().stream().filter(r -> "retired".equals(r.status()) && r.rejection() == null)
                .toList();
        ModelRepository.Row previous = retired.stream().filter(r -> ("replaced by " + active.version()).equals(r.reason())).findFirst()
                .or(() -> retired.stream().findFirst())
                .orElseThrow(() -> new InputException("no earlier model to roll back to (no retired version that was not rejected)"));
        activate(previous.version());
        return previous.version();
    }

    /** Marks the runs of interrupted jobs (a process that ended mid-run) failed; the job service found them. */
    void recoverInterrupted(List<String> jobIds) {
        for (String id : jobIds) {
            repo.findRun(id).filter(r -> "pending".equals(r.status()) || "running".equals(r.status()))
                    .ifPresent(r -> repo.fail(id, "interrupted: the process running it ended; retry the job or retrain again"));
        }
    }

    /** Waits for a run's job (CLI). */
    public JobRecord await(Started s) {
        return s.job().await();
    }
}
