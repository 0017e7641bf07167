package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.riskbench.core.Folders;
import org.riskbench.core.Hashing;
import org.riskbench.core.InputException;
import org.riskbench.core.table.CsvRecords;
import org.riskbench.core.InputFiles;
import org.riskbench.core.Json;
import org.riskbench.core.Times;
import org.riskbench.engine.intake.CsvInspector;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.scoring.CostMatrix;
import org.riskbench.engine.tabular.Frame;
import org.riskbench.engine.tabular.Learner;
import org.riskbench.engine.tabular.TabularBundle;
import org.riskbench.engine.tabular.TabularEvaluation;
import org.riskbench.engine.tabular.TabularData;
import org.riskbench.engine.tabular.TabularScoring;
import org.riskbench.engine.tabular.TabularTrainer;
import org.riskbench.jobs.JobContext;
import org.riskbench.jobs.JobHandle;
import org.riskbench.jobs.JobRequest;
import org.riskbench.jobs.JobService;
import org.riskbench.jobs.JobTask;
import org.riskbench.store.ModelRepository;
import org.riskbench.store.Workspace;

/**
 * General models on any labelled table: training as a {@code model-train} job (tracked as a run of that kind, the
 * bundle registered as a candidate in the model list) and scoring a file with such a bundle as a
 * {@code tabular-inference} job (tracked as an {@code inference} run). Bad input is refused before a job is queued
 * where it can be checked cheaply (file, columns, options, folders); what needs the whole table (label values) fails
 * the job with one sentence.
 */
public final class TabularService {
    public static final String KIND_TRAIN = "model-train";
    public static final String KIND_SCORE = "tabular-inference";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Workspace workspace;
    private final JobService jobs;
    private final Tracker tracker;
    private final ModelRepository models;

    /** What to train. {@code out}: the bundle folder (null: {@code models/<version>} of the workspace). */
    public record TrainRequest(Path data, String label, String positive, List<String> features, List<String> exclude, String learner,
                               int folds, long seed, Path costMatrix, String classWeight, Path out, String jobId) {
    }

    /** A training's outcome: the saved bundle. */
    public record Trained(TabularBundle bundle, List<String> warnings) {
    }

    /** What a scoring wrote. */
    public record Scored(Path results, Path summary, TabularScoring.Summary counts, String modelVersion) {
    }

    /** A queued job and, in this process, its outcome (or the exception that failed it). */
    public record Submitted<T>(JobHandle handle, CompletableFuture<T> outcome) {
        public String id() {
            return handle.id();
        }
    }

    TabularService(Workspace workspace, JobService jobs, Tracker tracker, ModelRepository models) {
        this.workspace = workspace;
        this.jobs = jobs;
        this.tracker = tracker;
        this.models = models;
        jobs.register(KIND_TRAIN, this::trainTask, "the training table's rows (a matrix of doubles, rows x encoded columns)");
        jobs.register(KIND_SCORE, this::scoreTask, "the scored table's rows");
    }

    /** Checks a training request against the file's header and queues it. */
    public Submitted<Trained> submitTrain(TrainRequest r) {
        jobs.requireNewId(r.jobId());
        check(r);
        Map<String, Object> params = JobParams.asMap(TrainParams.of(r));
        CompletableFuture<Trained> outcome = new CompletableFuture<>();
        JobHandle h = jobs.submit(new JobRequest(r.jobId(), KIND_TRAIN, params, null, null), context -> {
            try {
                Trained t = train(context, r);
                outcome.complete(t);
                return result(t);
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
                throw e;
            }
        });
        return new Submitted<>(h, outcome);
    }

    /** The cheap checks: the file, the columns named, the options, the cost matrix, the bundle folder. */
    private void check(TrainRequest r) {
        InputFiles.check(r.data(), r.data().toString(), InputFiles.Kind.CSV);
        Learner.parse(r.learner());
        if (r.folds() < 2) {
            throw new InputException("--cv must be 2 or more, got " + r.folds());
        }
        if (!r.features().isEmpty() && !r.exclude().isEmpty()) {
            throw new InputException("--features and --exclude are alternatives; give one of them");
        }
        classWeight(r.classWeight());
        if (r.costMatrix() != null) {
            CostMatrix.load(r.costMatrix());
        }
        InspectionReport report = CsvInspector.inspect(r.data(), IntakeOptions.defaults());
        if (!report.accepted()) {
            throw new InputException(r.data() + ": refused: " + report.refusal() + "; see the problems with 'riskbench validate "
                    + r.data() + "'");
        }
        List<String> header = report.header().stream().map(String::trim).toList();
        if (!header.contains(r.label())) {
            throw new InputException(r.data() + ": no column '" + r.label() + "' for --label (columns: " + String.join(", ", header) + ")");
        }
        for (String f : r.features()) {
            if (!header.contains(f)) {
                throw new InputException(r.data() + ": no column '" + f + "' for --features (columns: " + String.join(", ", header) + ")");
            }
        }
        for (String f : r.exclude()) {
            if (!header.contains(f)) {
                throw new InputException(r.data() + ": no column '" + f + "' for --exclude (columns: " + String.join(", ", header) + ")");
            }
        }
        if (r.out() != null) {
            requireBundleFolder(r.out());
        }
    }

    private static TabularTrainer.ClassWeight classWeight(String s) {
        String t = s == null ? "none" : s.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "none" -> TabularTrainer.ClassWeight.NONE;
            case "balanced" -> TabularTrainer.ClassWeight.BALANCED;
            default -> throw new InputException("--class-weight: '" + s + "' is not one of none, balanced");
        };
    }

    /** A bundle goes into a new or empty folder, or replaces a bundle: never among unrelated files. */
    static void requireBundleFolder(Path out) {
        Folders.checkOutputFolder(out);
        if (!Files.isDirectory(out)) {
            return;
        }
        try (var entries = Files.list(out)) {
            if (entries.findAny().isPresent() && !Files.isRegularFile(out.resolve(TabularBundle.MANIFEST))) {
                throw new InputException(out + ": the folder holds other files and no model bundle; give a new or empty folder");
            }
        } catch (IOException e) {
            throw new InputException("cannot list " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * A training job's parameters (stored with the job, read again by a retry, kept by its tracked run): the request
     * with its files by their absolute paths.
     *
     * @param classWeight "none" when the request gives none
     */
    @JsonPropertyOrder({"data", "label", "positive", "features", "exclude", "learner", "cv", "seed", "cost_matrix",
            "class_weight", "out"})
    record TrainParams(
            @JsonProperty("data") String data,
            @JsonProperty("label") String label,
            @JsonProperty("positive") String positive,
            @JsonProperty("features") List<String> features,
            @JsonProperty("exclude") List<String> exclude,
            @JsonProperty("learner") String learner,
            @JsonProperty("cv") int cv,
            @JsonProperty("seed") long seed,
            @JsonProperty("cost_matrix") String costMatrix,
            @JsonProperty("class_weight") String classWeight,
            @JsonProperty("out") String out) {

        static TrainParams of(TrainRequest r) {
            return new TrainParams(r.data().toAbsolutePath().toString(), r.label(), r.positive(), r.features(), r.exclude(),
                    Learner.parse(r.learner()).label(), r.folds(), r.seed(),
                    r.costMatrix() == null ? null : r.costMatrix().toAbsolutePath().toString(),
                    r.classWeight() == null ? "none" : r.classWeight(), r.out() == null ? null : r.out().toAbsolutePath().toString());
        }

        /** The request a retry runs (its id is the new job's). */
        TrainRequest request() {
            return new TrainRequest(Path.of(data), label, positive, features == null ? List.of() : features,
                    exclude == null ? List.of() : exclude, learner, cv, seed, costMatrix == null ? null : Path.of(costMatrix),
                    classWeight, out == null ? null : Path.of(out), null);
        }
    }

    /**
     * A scoring job's parameters: the file and the bundle; its tracked run adds the bundle's version once loaded.
     *
     * @param modelVersion null (and left out) in the job's parameters
     */
    @JsonPropertyOrder({"file", "model", "model_version"})
    record ScoreParams(
            @JsonProperty("file") String file,
            @JsonProperty("model") String model,
            @JsonProperty("model_version") @JsonInclude(JsonInclude.Include.NON_NULL) String modelVersion) {

        ScoreParams withModelVersion(String version) {
            return new ScoreParams(file, model, version);
        }
    }

    private JobTask trainTask(JsonNode p) {
        TrainRequest r = JobParams.read(p, TrainParams.class, "a training").request();
        return context -> result(train(context, r));
    }

    private Trained train(JobContext context, TrainRequest r) {
        String runId = context.jobId();
        Learner learner = Learner.parse(r.learner());
        Map<String, Object> params = JobParams.asMap(TrainParams.of(r));
        String version = "g-" + STAMP.format(Instant.now()) + "-" + Hashing.sha256(r.data()).substring(0, 6);
        Path dir = r.out() != null ? r.out().toAbsolutePath() : workspace.modelsDir().resolve(version);
        tracker.start(runId, KIND_TRAIN, learner.label() + " on " + r.data().getFileName() + " (" + r.label() + ")", runId, params, dir);
        try {
            TabularData data = TabularData.read(r.data(), context.slice(0, 0.1));
            context.log(data.frame().rows() + " rows, " + data.frame().names().size() + " columns read from " + r.data().getFileName());
            TabularTrainer.Options o = new TabularTrainer.Options(r.label(), r.positive(), r.features(), r.exclude(), learner, r.folds(),
                    r.seed(), r.costMatrix() == null ? null : CostMatrix.load(r.costMatrix()), classWeight(r.classWeight()),
                    TabularTrainer.Sizes.defaults(r.seed()));
            TabularTrainer.Result res = TabularTrainer.train(data.frame(), data.info(), o, context.slice(0.1, 0.98));
            res.warnings().forEach(w -> context.log("warning: " + w));
            TabularBundle b = TabularBundle.save(dir, version, Times.now(), Hashing.sha256(r.data()), res.evaluation(), res.model());
            Map<String, Object> headline = res.evaluation().headline();
            models.register(new ModelRepository.Row(version, b.createdAt(), "candidate", Json.compact(headline), dir.toString(),
                    "general model: " + learner.label() + " on " + r.data().getFileName() + ", label " + r.label()));
            tracker.succeed(runId, runMetrics(res.evaluation()), dir);
            context.report(1, "model " + version + " written to " + dir);
            return new Trained(b, res.warnings());
        } catch (RuntimeException e) {
            tracker.fail(runId, e, dir);
            throw e;
        }
    }

    /**
     * Flat metrics for the run index: cv_<who>_<metric> (the mean) and holdout_<who>_<metric>; a map because the run
     * index keeps every kind's metrics as one open set of names.
     */
    static Map<String, Object> runMetrics(TabularEvaluation ev) {
        Map<String, Object> m = new LinkedHashMap<>();
        ev.crossValidation().models().forEach((who, v) -> v.forEach((k, x) -> m.put("cv_" + who + "_" + k, x.mean())));
        ev.holdout().models().forEach((who, v) -> v.forEach((k, x) -> m.put("holdout_" + who + "_" + k, x)));
        m.put("threshold", ev.threshold());
        return m;
    }

    private static TabularJobResults.Train result(Trained t) {
        return new TabularJobResults.Train(t.bundle().version(), t.bundle().dir().toString(),
                t.bundle().evaluation().headline(), t.warnings());
    }

    /** Checks a scoring (the bundle loads, the file exists, the folder is usable) and queues it; results go into {@code outDir}. */
    public Submitted<Scored> submitScore(Path file, Path bundle, Path outDir, String jobId) {
        jobs.requireNewId(jobId);
        InputFiles.check(file, file.toString(), InputFiles.Kind.CSV);
        TabularBundle.load(bundle);
        if (outDir == null) {
            throw new InputException("a general model writes its results into a folder: give --out DIR");
        }
        Map<String, Object> params = JobParams.asMap(new ScoreParams(file.toAbsolutePath().toString(),
                bundle.toAbsolutePath().toString(), null));
        CompletableFuture<Scored> outcome = new CompletableFuture<>();
        JobHandle h = jobs.submit(new JobRequest(jobId, KIND_SCORE, params, outDir, null), context -> {
            try {
                Scored s = score(context, file, bundle);
                outcome.complete(s);
                return scoreResult(s);
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
                throw e;
            }
        });
        return new Submitted<>(h, outcome);
    }

    private JobTask scoreTask(JsonNode p) {
        ScoreParams params = JobParams.read(p, ScoreParams.class, "a scoring");
        return context -> scoreResult(score(context, Path.of(params.file()), Path.of(params.model())));
    }

    private Scored score(JobContext context, Path file, Path bundlePath) {
        String runId = context.jobId();
        ScoreParams params = new ScoreParams(file.toAbsolutePath().toString(), bundlePath.toAbsolutePath().toString(), null);
        Path dir = context.outputDir();
        tracker.start(runId, org.riskbench.app.InboxService.KIND, "general model on " + file.getFileName(), runId, JobParams.asMap(params), dir);
        try {
            TabularBundle b = TabularBundle.load(bundlePath);
            tracker.params(runId, JobParams.asMap(params.withModelVersion(b.version())));
            context.report(0, "reading " + file.getFileName());
            Frame frame = TabularData.readForScoring(file, b.model().plan());
            String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            Path results = dir.resolve(stem + "_scored.csv");
            TabularScoring.Summary s = TabularScoring.score(frame, b.model(), results, context.slice(0.05, 0.98));
            s.warnings().forEach(w -> context.log("warning: " + w));
            Path summary = dir.resolve(stem + "_summary.json");
            Json.write(summary, new TabularJobResults.ScoreSummary(file.getFileName().toString(), b.version(),
                    b.model().label(), s.rows(), s.counts(), s.meanAnomaly(), s.warnings()));
            // the run index's open set of metric names: a count_<class> per class of the model
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("rows", s.rows());
            s.counts().forEach((c, v) -> metrics.put("count_" + c, v));
            metrics.put("warnings", s.warnings().size());
            tracker.succeed(runId, metrics, dir);
            return new Scored(results, summary, s, b.version());
        } catch (RuntimeException e) {
            tracker.fail(runId, e, dir);
            throw e;
        }
    }

    private static TabularJobResults.Score scoreResult(Scored s) {
        return new TabularJobResults.Score(s.results().toString(), s.summary().toString(), s.counts().rows(),
                s.counts().counts(), s.counts().warnings(), s.modelVersion());
    }

    /** Where a scoring started from the GUI writes: the run's folder of the workspace. */
    public Path scoreFolder(String jobId) {
        return workspace.runDir(jobId);
    }

    /** Rows a preview shows; rows read for the distinct values of each column. */
    static final int PREVIEW_ROWS = 50;
    static final int PREVIEW_SCAN_ROWS = 20_000;
    static final int PREVIEW_MAX_VALUES = 50;

    /**
     * The start of a table for choosing what to train: its columns with the intake's types, the first rows, and per
     * column its distinct values among the first {@value #PREVIEW_SCAN_ROWS} rows (null past {@value #PREVIEW_MAX_VALUES}:
     * not a target).
     */
    public record Preview(Path file, long rows, List<String> columns, List<String> types, List<List<String>> firstRows,
                          List<List<String>> values) {
    }

    /** Reads a preview of {@code file} (bad input: one sentence naming the file). */
    public Preview preview(Path file) {
        InputFiles.check(file, file.toString(), InputFiles.Kind.CSV);
        InspectionReport report = CsvInspector.inspect(file, IntakeOptions.defaults());
        if (!report.accepted()) {
            throw new InputException(file + ": refused: " + report.refusal() + "; see the problems with 'riskbench validate " + file + "'");
        }
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        report.columns().forEach(c -> {
            columns.add(c.name().trim());
            types.add(c.type().name().toLowerCase(java.util.Locale.ROOT));
        });
        List<List<String>> rows = new ArrayList<>();
        List<java.util.Set<String>> distinct = new ArrayList<>();
        columns.forEach(c -> distinct.add(new java.util.TreeSet<>()));
        java.nio.charset.Charset cs = report.encoding() != null && report.encoding().equalsIgnoreCase("windows-1252")
                ? java.nio.charset.Charset.forName("windows-1252") : java.nio.charset.StandardCharsets.UTF_8;
        List<CsvRecords.Record> records;
        try {
            records = CsvRecords.read(file, file.toString(), PREVIEW_SCAN_ROWS + 1, report.delimiterChar(), cs);
        } catch (java.io.UncheckedIOException e) {
            throw new InputException(file + ": cannot be read: " + e.getCause().getMessage(), e);
        }
        for (CsvRecords.Record rec : records.subList(Math.min(1, records.size()), records.size())) { // the header first
            List<String> row = new ArrayList<>();
            for (int j = 0; j < columns.size(); j++) {
                String v = j < rec.size() ? rec.get(j).trim() : "";
                row.add(v);
                java.util.Set<String> d = distinct.get(j);
                if (d != null && !v.isEmpty()) {
                    d.add(v);
                    if (d.size() > PREVIEW_MAX_VALUES) {
                        distinct.set(j, null);
                    }
                }
            }
            if (rows.size() < PREVIEW_ROWS) {
                rows.add(row);
            }
        }
        List<List<String>> values = distinct.stream().map(d -> d == null ? null : List.copyOf(d)).toList();
        return new Preview(file, report.dataRows(), List.copyOf(columns), List.copyOf(types), rows, values);
    }

    /** The evaluation a general model bundle holds (what {@code evaluation.json} says). */
    public static TabularEvaluation evaluation(Path bundle) {
        Path f = bundle.resolve("evaluation.json");
        if (!TabularBundle.isTabular(bundle) || !Files.isRegularFile(f)) {
            throw new InputException(bundle + " is not a general model bundle with an evaluation (no evaluation.json)");
        }
        try {
            return TabularEvaluation.read(f);
        } catch (IOException e) {
            throw new InputException(f + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** True when the folder is a general model bundle (rather than a transactions scoring bundle). */
    public static boolean isGeneralBundle(Path dir) {
        return TabularBundle.isTabular(dir);
    }
}
