package org.riskbench.app;

import org.riskbench.store.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.riskbench.core.Hashing;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.core.TextFiles;
import org.riskbench.core.Times;
import org.riskbench.core.table.CsvRecords;
import org.riskbench.engine.intake.EnrichmentConfig;
import org.riskbench.engine.intake.SyntheticTransactions;
import org.riskbench.engine.scoring.Guardrails;
import org.riskbench.engine.scoring.ModelBundle;
import org.riskbench.engine.scoring.Table;
import org.riskbench.engine.scoring.Trainer;
import org.riskbench.engine.scoring.TrainingMetrics;
import org.riskbench.engine.scoring.TransactionsData;
import org.riskbench.store.ModelRepository;
import org.riskbench.store.PredictionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Models of a workspace: training bundles, the registry, the model scoring uses (the active one, a default
 * trained on the shipped synthetic sample the first time one is needed), and the analyst's feedback.
 */
public final class ModelService {
    private static final Logger LOG = LoggerFactory.getLogger(ModelService.class);
    /** The default model: SyntheticTransactions, this many rows, this seed (also the training seed). */
    public static final int DEFAULT_ROWS = 20_000;
    public static final long DEFAULT_SEED = 42;
    /** The default model is a pure function of constants: trained once per JVM, saved into each workspace. */
    private static final AtomicReference<Trainer.Result> DEFAULT_CACHE = new AtomicReference<>();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** The columns of a feedback file (its header may hold them in any order and case). */
    private static final List<String> FEEDBACK_COLUMNS = List.of("analysis_id", "row", "true_class");

    private final Workspace workspace;
    private final ModelRepository models;
    private final PredictionRepository predictions;
    private volatile Path override;
    private volatile ModelBundle cached;

    /** What a training produced. */
    public record Trained(ModelBundle bundle, TrainingMetrics metrics) {
    }

    ModelService(Workspace workspace, ModelRepository models, PredictionRepository predictions) {
        this.workspace = workspace;
        this.models = models;
        this.predictions = predictions;
    }

    /** The stored predictions (for the scoring stage beside this service; front ends never see store types). */
    PredictionRepository predictions() {
        return predictions;
    }

    /** Every registered model version, as the store lists them. */
    public List<ModelVersion> list() {
        return models.list().stream().map(r -> new ModelVersion(r.version(), r.createdAt(), r.status(), r.metricsJson(),
                r.path(), r.reason(), r.rejection())).toList();
    }

    /** Scores with this bundle instead of the active model, for this process (CLI {@code --model}). */
    public void useBundle(Path bundle) {
        ModelBundle.load(bundle); // fails now, with a clear message, rather than in the stage
        this.override = bundle;
    }

    /** The bundle this process was told to score with ({@link #useBundle}), if any. */
    public java.util.Optional<Path> bundleOverride() {
        return java.util.Optional.ofNullable(override).map(p -> p.toAbsolutePath().normalize());
    }

    /** The bundle scoring uses: the override, else the active model (training the default one when there is none). */
    public ModelBundle bundleForScoring(Progress progress) {
        return bundleForScoring(null, progress);
    }

    /** As above, unless the analysis asked for a bundle of its own ({@code requested}, from its manifest). */
    public synchronized ModelBundle bundleForScoring(Path requested, Progress progress) {
        Path path = requested != null ? requested : override;
        if (path == null) {
            ModelRepository.Row active = models.active().orElse(null);
            path = active == null ? trainDefault(progress).toAbsolutePath() : Path.of(active.path());
        }
        ModelBundle b = cached;
        if (b == null || !b.dir().equals(path)) {
            b = ModelBundle.load(path);
            cached = b;
        }
        return b;
    }

    /** Makes sure the workspace has an active model; returns its version. */
    public String ensureActiveModel(Progress progress) {
        return bundleForScoring(progress).version();
    }

    private Path trainDefault(Progress progress) {
        Trainer.Result r = DEFAULT_CACHE.get();
        if (r == null) {
            LOG.info("no active model: training the default model on {} synthetic transactions (seed {})", DEFAULT_ROWS, DEFAULT_SEED);
            progress.report(0, "training the default model on the synthetic sample");
            Path tmp = null;
            try {
                tmp = Files.createTempFile("riskbench-default-", ".csv");
                SyntheticTransactions.write(tmp, DEFAULT_ROWS, DEFAULT_SEED, SyntheticTransactions.Dialect.EN);
                Table t = TransactionsData.load(tmp, "label", EnrichmentConfig.defaults(), Progress.NONE);
                r = Trainer.trainTransactions(t, "label", Trainer.Config.defaults(DEFAULT_SEED), Progress.NONE);
                DEFAULT_CACHE.compareAndSet(null, r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                deleteQuietly(tmp);
            }
        }
        String version = "default-" + STAMP.format(Instant.now());
        Path dir = workspace.modelsDir().resolve(version);
        String sha = Hashing.sha256("synthetic-transactions rows=" + DEFAULT_ROWS + " seed=" + DEFAULT_SEED);
        ModelBundle b = ModelBundle.save(dir, version, Times.now(), sha, r.metrics().asMap(), r.model());
        models.register(new ModelRepository.Row(version, b.createdAt(), "active", Json.compact(r.metrics()), dir.toAbsolutePath().toString(),
                "default model trained on the shipped synthetic sample"));
        return dir;
    }

    /**
     * Trains a bundle from a labelled transactions file into {@code out} (default: {@code models/<version>}),
     * registered as a candidate, or as the active model when {@code activate}.
     */
    public Trained train(Path data, String label, Path out, boolean activate, long seed, Progress progress) {
        return train(data, label, out, activate, seed, null, progress);
    }

    /** As above, the threshold policy rewarded by a user's cost matrix file (null: the bundled costs.yaml). */
    public Trained train(Path data, String label, Path out, boolean activate, long seed, Path costMatrix, Progress progress) {
        org.riskbench.core.InputFiles.check(data, data.toString(), org.riskbench.core.InputFiles.Kind.CSV);
        if (out != null) {
            requireBundleFolder(out);
        }
        org.riskbench.engine.scoring.CostMatrix costs = costMatrix == null ? null
                : org.riskbench.engine.scoring.CostMatrix.load(costMatrix); // checked before the long work
        Table t = TransactionsData.load(data, label, EnrichmentConfig.defaults(), progress);
        Trainer.Result r = Trainer.trainTransactions(t, "label", Trainer.Config.defaults(seed), costs, progress);
        String version = "m-" + STAMP.format(Instant.now()) + "-" + Hashing.sha256(data).substring(0, 6);
        Path dir = out != null ? out : workspace.modelsDir().resolve(version);
        ModelBundle b = ModelBundle.save(dir, version, Times.now(), Hashing.sha256(data), r.metrics().asMap(), r.model());
        models.register(new ModelRepository.Row(version, b.createdAt(), activate ? "active" : "candidate",
                Json.compact(r.metrics()), dir.toAbsolutePath().toString(), "trained on " + data.getFileName()));
        return new Trained(b, r.metrics());
    }

    /** A bundle goes into a new or empty folder, or replaces a bundle: never among unrelated files. */
    private static void requireBundleFolder(Path out) {
        org.riskbench.core.Folders.checkOutputFolder(out); // made when the bundle is saved: a refused input leaves nothing
        if (!Files.isDirectory(out)) {
            return;
        }
        try (var entries = Files.list(out)) {
            if (entries.findAny().isPresent() && !Files.isRegularFile(out.resolve(ModelBundle.MANIFEST))) {
                throw new InputException(out + ": the folder holds other files and no model bundle; give a new or empty folder");
            }
        } catch (IOException e) {
            throw new InputException("cannot list " + out + ": " + e.getMessage(), e);
        }
    }

    /** Records the true class of a scored row (the evaluation log retraining reads). */
    public void feedback(String analysisId, long row, String trueClass) {
        List<String> classes = Guardrails.defaults().classOrder();
        String c = trueClass == null ? "" : trueClass.trim();
        if (!classes.contains(c)) {
            throw new InputException("true class '" + trueClass + "' is not one of " + classes);
        }
        if (predictions.predictedClass(analysisId, row).isEmpty()) {
            throw new InputException("no prediction for analysis '" + analysisId + "' row " + row + "; check the id and row number");
        }
        predictions.feedback(analysisId, row, c);
    }

    /**
     * Records several true classes of one analysis, all checked first (class names, rows that were scored): one bad row
     * records none. Returns how many were recorded.
     */
    public int feedback(String analysisId, Map<Long, String> trueClasses) {
        List<String> classes = Guardrails.defaults().classOrder();
        Map<Long, String> checked = new java.util.LinkedHashMap<>();
        trueClasses.forEach((row, trueClass) -> {
            String c = trueClass == null ? "" : trueClass.trim();
            if (!classes.contains(c)) {
                throw new InputException("row " + row + ": true class '" + trueClass + "' is not one of " + classes);
            }
            if (predictions.predictedClass(analysisId, row).isEmpty()) {
                throw new InputException("no prediction for analysis '" + analysisId + "' row " + row + "; check the id and row number");
            }
            checked.put(row, c);
        });
        checked.forEach((row, c) -> predictions.feedback(analysisId, row, c));
        return checked.size();
    }

    /** The true classes recorded for an analysis, by row number. */
    public Map<Long, String> feedbackOf(String analysisId) {
        Map<Long, String> out = new java.util.TreeMap<>();
        predictions.feedbackOf(analysisId).forEach(f -> out.put(f.row(), f.trueClass()));
        return out;
    }

    /**
     * Imports a CSV {@code analysis_id,row,true_class} (UTF-8, with or without a byte order mark); all rows are
     * checked before any is stored, and a file without rows is refused. Errors name the file and its line. Returns the count.
     */
    public int importFeedback(Path csv) {
        String name = csv.getFileName().toString();
        String text = TextFiles.read(csv, name, org.riskbench.core.InputFiles.Kind.FEEDBACK);
        List<CsvRecords.Record> records = new ArrayList<>(CsvRecords.read(text, name));
        records.removeIf(CsvRecords.Record::blank);
        if (records.isEmpty()) {
            throw new InputException(name + ": no feedback rows; the file is empty (expected the header "
                    + String.join(",", FEEDBACK_COLUMNS) + " and one row per scored row).");
        }
        CsvRecords.Record header = records.get(0);
        int[] col = feedbackColumns(header, name, header.line());
        if (records.size() == 1) {
            throw new InputException(name + ": no feedback rows; the file holds only its header.");
        }
        List<String> classes = Guardrails.defaults().classOrder();
        List<Feedback> rows = new ArrayList<>();
        for (CsvRecords.Record rec : records.subList(1, records.size())) {
            long line = rec.line();
            if (rec.size() < header.size()) {
                throw InputException.at(name, line, 0, "the row has " + rec.size() + " field(s); expected "
                        + String.join(",", FEEDBACK_COLUMNS) + ".");
            }
            String analysisId = rec.get(col[0]).trim();
            String trueClass = rec.get(col[2]).trim();
            long row;
            try {
                row = Long.parseLong(rec.get(col[1]).trim());
            } catch (NumberFormatException e) {
                throw InputException.at(name, line, col[1] + 1, "row '" + rec.get(col[1]) + "' is not a number");
            }
            if (!classes.contains(trueClass)) {
                throw InputException.at(name, line, col[2] + 1, "true_class '" + rec.get(col[2]) + "' is not one of " + classes);
            }
            if (predictions.predictedClass(analysisId, row).isEmpty()) {
                throw InputException.at(name, line, 0, "no prediction for analysis '" + analysisId + "' row " + row);
            }
            rows.add(new Feedback(analysisId, row, trueClass));
        }
        for (Feedback f : rows) {
            predictions.feedback(f.analysisId(), f.row(), f.trueClass());
        }
        return rows.size();
    }

    private record Feedback(String analysisId, long row, String trueClass) {
    }

    /** Indexes of analysis_id, row and true_class in the header (names trimmed, any case, any order). */
    private static int[] feedbackColumns(CsvRecords.Record header, String name, long line) {
        List<String> names = Arrays.stream(header.fields()).map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        int[] col = new int[FEEDBACK_COLUMNS.size()];
        for (int i = 0; i < col.length; i++) {
            col[i] = names.indexOf(FEEDBACK_COLUMNS.get(i));
        }
        if (Arrays.stream(col).anyMatch(c -> c < 0)) {
            String found = String.join(",", header.fields());
            String hint = header.size() == 1 && found.matches(".*[;\\t|].*") ? "; separate the columns with commas" : "";
            throw InputException.at(name, line, 0, "the header must be " + String.join(",", FEEDBACK_COLUMNS)
                    + " (found '" + found + "')" + hint + ".");
        }
        return col;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.debug("cannot delete {}", p, e);
            }
        }
    }
}
