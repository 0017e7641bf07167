package org.riskbench.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.CancelledException;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.scoring.BatchResults;
import org.riskbench.engine.scoring.BatchScores;
import org.riskbench.engine.scoring.EnrichedBatch;
import org.riskbench.engine.scoring.Guardrails;
import org.riskbench.engine.scoring.ModelBundle;
import org.riskbench.engine.scoring.ScoringModel;
import org.riskbench.store.PredictionRepository;

/**
 * The inbox's scoring stage (docs/spec/inference.md sections 3 to 6): align, score (stacking, isolation forest,
 * k-means, Q-table policy), guardrails; writes {@code processed/<id>_results.csv} (the input columns plus
 * the results) and the per-row predictions into SQLite; returns the summary merged into {@code <id>.json},
 * whose per-row list it renders from primitive arrays straight into the document
 * ({@link ResultDocument#rows}) while the predictions are stored.
 *
 * <p>Reading and scoring run on {@link #setThreads threads} workers (results are the same for any count); the
 * results CSV is written while another thread stores the predictions, in transactions of
 * {@link EnrichedBatch#CHUNK} rows so other processes sharing the workspace are not locked out for long.
 */
public final class ScoringStage implements InboxStage {
    public static final String NAME = "scoring";
    /** Rows per SQLite transaction. */
    static final int STORE_CHUNK = EnrichedBatch.CHUNK;

    private final ModelService models;
    private volatile Guardrails guardrails = Guardrails.defaults();
    /** Where the rules come from: {@value #BUNDLED_RULES} or the user's file; recorded in each result. */
    private volatile String guardrailsSource = BUNDLED_RULES;
    public static final String BUNDLED_RULES = "bundled defaults";
    /** The source of rules handed over in code ({@link #setGuardrails(Guardrails)}): no file to record. */
    private static final String CALLER_RULES = "rules set by the caller";
    /** Manifest keys of a queued file: the model bundle and the guardrail rules file its submitter chose. */
    public static final String MANIFEST_MODEL = "model_bundle";
    public static final String MANIFEST_GUARDRAILS = "guardrails_file";
    private volatile int threads = AppContext.defaultWorkers();

    ScoringStage(ModelService models) {
        this.models = models;
    }

    public void setGuardrails(Guardrails g) {
        setGuardrails(g, CALLER_RULES);
    }

    private synchronized void setGuardrails(Guardrails g, String source) {
        this.guardrails = g;
        this.guardrailsSource = source;
    }

    /** Scores with the rules of a user's YAML file (checked now: errors name the file and the key). */
    public void useGuardrails(Path file) {
        setGuardrails(Guardrails.load(file, org.riskbench.engine.intake.EnrichmentConfig.defaults()),
                file.toAbsolutePath().normalize().toString());
    }

    /** Back to the bundled rules. */
    public void useBundledGuardrails() {
        setGuardrails(Guardrails.defaults(), BUNDLED_RULES);
    }

    /** The user's rules file this process scores with, if any (recorded with each queued file). */
    public java.util.Optional<Path> guardrailsFile() {
        String source = guardrailsSource;
        return source.equals(BUNDLED_RULES) || source.equals(CALLER_RULES) ? java.util.Optional.empty()
                : java.util.Optional.of(Path.of(source));
    }

    /** {@value #BUNDLED_RULES}, or the file the rules were read from. */
    public String guardrailsSource() {
        return guardrailsSource;
    }

    public Guardrails guardrails() {
        return guardrails;
    }

    public int threads() {
        return threads;
    }

    /** Worker threads for reading and scoring, and for writing the enriched table (default: the available processors). */
    public void setThreads(int threads) {
        org.riskbench.core.Limits.threads(threads, "--threads");
        this.threads = threads;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ScoringSummary run(Item item, Progress progress) throws Exception {
        int workers = threads;
        ExecutorService pool = workers > 1 ? Executors.newFixedThreadPool(workers, daemon("riskbench-scoring")) : null;
        ExecutorService storer = Executors.newSingleThreadExecutor(daemon("riskbench-store"));
        try {
            return run(item, progress, pool, storer);
        } catch (Exception | Error e) {
            // predictions are stored in chunks: a failed or cancelled attempt leaves none behind
            stop(pool, storer);
            try {
                models.predictions().deleteAnalysis(item.analysisId());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        } finally {
            stop(pool, storer);
        }
    }

    /** Stops the workers; waits for a running transaction to end so none is left behind the caller. */
    private static void stop(ExecutorService pool, ExecutorService storer) {
        if (pool != null) {
            pool.shutdownNow();
        }
        storer.shutdownNow();
        try {
            storer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ScoringSummary run(Item item, Progress progress, ExecutorService pool, ExecutorService storer) throws Exception {
        Map<String, Object> timings = new LinkedHashMap<>();
        Guardrails rules;
        String rulesSource;
        synchronized (this) {
            rules = guardrails;
            rulesSource = guardrailsSource;
        }
        // The choices of the process that queued the file win over this one's: whichever process drains the inbox
        // (another command, an inbox watch, the GUI), a file is scored as its submitter asked.
        if (item.manifest().get(MANIFEST_GUARDRAILS) instanceof String file) {
            rules = Guardrails.load(Path.of(file), org.riskbench.engine.intake.EnrichmentConfig.defaults());
            rulesSource = file;
        }
        Path requestedBundle = item.manifest().get(MANIFEST_MODEL) instanceof String dir ? Path.of(dir) : null;
        long t0 = System.nanoTime();
        ModelBundle bundle = models.bundleForScoring(requestedBundle, progress);
        ScoringModel model = bundle.model();
        long t1 = lap(timings, "model", t0);
        Scoring scored = start(item.enrichedCsv(), model, rules, pool, progress, timings, t1);
        BatchResults results = scored.results();
        BatchScores.Running scoring = scored.running();
        // predictions are stored chunk by chunk as the rows are scored
        Future<Long> stored = storer.submit(() -> store(item.analysisId(), bundle.version(), results, scoring, progress));
        try {
            scoring.await();
        } catch (RuntimeException e) {
            stored.cancel(true);
            throw e;
        }
        progress.checkCancelled();
        long t4 = lap(timings, "align_score", scored.startedNanos());

        Map<String, Long> counts = scored.counts();
        int raised = scored.raised();
        String resultsName = item.analysisId() + "_results.csv";
        ScoringSummary out = new ScoringSummary(bundle.version(), results.rows(), counts, raised, rulesSource,
                AnalysisResults.ruleTexts(rules), resultsName, null);
        try {
            AtomicFiles.write(item.processedDir().resolve(resultsName), results::writeCsv);
            long t5 = lap(timings, "write", t4);
            // the per-row list, written into <id>.json while the predictions are stored
            results.writeRowsJson(item.document().rows(NAME, out));
            lap(timings, "rows_json", t5);
        } catch (IOException | RuntimeException e) {
            stored.cancel(true);
            throw e;
        }
        timings.put("store", await(stored));
        Map<String, Long> ms = new LinkedHashMap<>();
        timings.forEach((step, v) -> ms.put(step, ((Number) v).longValue()));
        return out.withTimings(ms);
    }

    /**
     * An enriched table being scored ({@link #start}): the results, the scoring running chunk by chunk, and each row's
     * class before ({@code policyCode}) and after ({@code finalCode}) the guardrails, as indices in {@code order}.
     */
    public record Scoring(BatchResults results, BatchScores.Running running, int[] policyCode, int[] finalCode,
                          List<String> order, long startedNanos) {
        /** Rows per final class, every class of the rules' order present (once the scoring is done). */
        public Map<String, Long> counts() {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String c : order) {
                counts.put(c, 0L);
            }
            for (int i = 0; i < results.rows(); i++) {
                counts.merge(results.finalClass(i), 1L, Long::sum);
            }
            return counts;
        }

        /** Rows whose class the guardrails raised. */
        public int raised() {
            int raised = 0;
            for (int i = 0; i < results.rows(); i++) {
                raised += finalCode[i] != policyCode[i] ? 1 : 0;
            }
            return raised;
        }
    }

    /**
     * Starts scoring an enriched table (docs/spec/inference.md sections 3 to 5): reads it, flags the rows the
     * guardrails raise (they read inputs only), then aligns and scores it chunk by chunk on {@code pool}, each row's
     * final class the policy's raised by its flags. The inbox's stage and the Spark job's tasks score this way.
     * {@code timings} gets "read" and "guardrails" (ms) from {@code since}.
     */
    public static Scoring start(Path enrichedCsv, ScoringModel model, Guardrails rules, ExecutorService pool,
                                Progress progress, Map<String, Object> timings, long since) {
        EnrichedBatch batch = EnrichedBatch.read(enrichedCsv,
                BatchScores.spec(model, List.of("amount", "is_cash", "cash"), BatchResults.INPUT), pool, progress);
        progress.checkCancelled();
        long t2 = lap(timings, "read", since);
        int n = batch.rows();
        // the rules read inputs only: known before any row is scored, so rows can be stored as soon as they are
        Guardrails.Flags flags = rules.flags(numeric(batch, "amount"), rules.thresholds(text(batch, "sector"), n),
                batch.hasNumeric("is_cash") ? batch.numeric("is_cash") : numeric(batch, "cash"),
                text(batch, "customer_id"), text(batch, "date"));
        long t3 = lap(timings, "guardrails", t2);

        List<String> order = rules.classOrder();
        int[] toOrder = model.classes().stream().mapToInt(order::indexOf).toArray();
        int[] policyCode = new int[n];
        int[] finalCode = new int[n];
        BatchScores.Running scoring = BatchScores.start(model, batch, pool, progress, (scores, from, to) -> {
            int[] modelClass = scores.finalClass();
            for (int i = from; i < to; i++) {
                policyCode[i] = toOrder[modelClass[i]];
                finalCode[i] = flags.raise(i, policyCode[i]);
            }
        });
        BatchResults results = new BatchResults(batch, scoring.scores(), model, order, policyCode, finalCode, flags.fired());
        return new Scoring(results, scoring, policyCode, finalCode, order, t3);
    }

    /** Stores the predictions chunk by chunk, one transaction each; returns the milliseconds spent. */
    private long store(String analysisId, String version, BatchResults r, BatchScores.Running scoring, Progress progress) {
        long t0 = System.nanoTime();
        String[] fired = new String[8];
        for (int bits = 0; bits < fired.length; bits++) {
            fired[bits] = Json.compact(Guardrails.firedNames(bits));
        }
        PredictionRepository repo = models.predictions();
        byte[][] scratch = new byte[1][];
        String customer = null;
        int n = r.rows();
        for (int from = 0; from < n; from += STORE_CHUNK) {
            progress.checkCancelled();
            int to = Math.min(n, from + STORE_CHUNK);
            scoring.awaitRows(to);
            List<PredictionRepository.Prediction> chunk = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                // rows come grouped by customer: one String per customer, not per row
                if (i == 0 || !r.sameCustomer(i, i - 1)) {
                    customer = r.customer(i);
                }
                chunk.add(new PredictionRepository.Prediction(analysisId, r.rowNumber(i), customer, r.finalClass(i),
                        r.probabilitiesJson(i, scratch), r.anomaly(i), r.cluster(i), fired[r.fired(i)], version));
            }
            repo.saveAll(chunk);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static long await(Future<Long> f) throws Exception {
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static double[] numeric(EnrichedBatch b, String name) {
        if (!b.hasNumeric(name)) {
            throw missing(b, name);
        }
        return b.numeric(name);
    }

    /** A text column, asked row by row (the guardrails ask customer and date of just-below rows only). */
    private static IntFunction<String> text(EnrichedBatch b, String name) {
        int k = b.textColumns().indexOf(name);
        return i -> {
            if (k < 0) {
                throw missing(b, name);
            }
            return b.text(i, k);
        };
    }

    private static InputException missing(EnrichedBatch b, String name) {
        return new InputException("the table has no column '" + name + "' (columns: " + b.header() + ")");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static long lap(Map<String, Object> timings, String name, long since) {
        long now = System.nanoTime();
        timings.put(name, (now - since) / 1_000_000);
        return now;
    }
}
