package org.riskbench.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
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
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.DiskFullException;
import org.riskbench.core.Hashing;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.core.Times;
import org.riskbench.engine.intake.CsvInspector;
import org.riskbench.engine.intake.EnrichmentConfig;
import org.riskbench.engine.intake.Enricher;
import org.riskbench.engine.intake.EnrichmentSummary;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.Problem;
import org.riskbench.jobs.JobHandle;
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
    public record Submission(String analysisId, Path pendingFile, InspectionReport report, EnrichmentSummary enrichment) {
    }

    /** One analysis as the inbox view shows it. {@code state}: pending, processing, processed, failed. */
    public record Entry(String analysisId, String state, String inputName, String inputSha256, Long rows, String createdAt,
                        String error, Path resultFile) {
    }

    /** What one drain did. */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"processed", "failed", "skipped", "recovered"})
    public record DrainResult(List<String> processed, List<String> failed, List<String> skipped, List<String> recovered) {
        /** A stored result read back (an inference job's {@code result_json}). */
        public static DrainResult fromJson(String json) {
            try {
                return Json.MAPPER.readValue(json, DrainResult.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("not an inference job result: " + e.getOriginalMessage(), e);
            }
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

    private final InboxFolders folders;
    private final InboxStageRunner stages;
    private final InboxDrainJob drainJob;
    private final ModelService modelService;
    private final ScoringStage scoring;
    private final AnalysisRepository analyses;
    private volatile EnrichmentConfig enrichment = EnrichmentConfig.defaults();

    /** The inbox over its three parts: the folder queue, the stage runner and the drain job. */
    InboxService(InboxFolders folders, InboxStageRunner stages, InboxDrainJob drainJob, ModelService modelService,
                 ScoringStage scoring) {
        this.folders = folders;
        this.stages = stages;
        this.drainJob = drainJob;
        this.modelService = modelService;
        this.scoring = scoring;
        this.analyses = folders.analyses();
    }

    public void setOptions(Options newOptions) {
        stages.setOptions(newOptions);
    }

    public void setEnrichmentConfig(EnrichmentConfig config) {
        this.enrichment = config;
    }

    /** Plugs a stage in after the built-in ones (scoring). */
    public void addStage(InboxStage stage) {
        stages.addStage(stage);
    }

    /** Removes the plugged stages of that name (tests of the queue itself run without scoring). */
    public void removeStage(String name) {
        stages.removeStage(name);
    }

    public Path dir(String state) {
        return folders.dir(state);
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
            return java.util.Optional.of(AnalysisError.read(errorFile).describe());
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
        EnrichmentSummary summary = result.summary().withInput(result.rowsIn(),
                result.skipped().stream().map(Problem::describe).limit(100).toList());
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

    /**
     * Checks an analysis id chosen by the caller: its form (it names the inbox files) and that no analysis has it, in
     * the store or in any inbox folder. Returns it; throws {@link InputException} saying which rule it breaks.
     */
    public String checkNewAnalysisId(String id) {
        InboxFolders.checkAnalysisIdForm(id);
        if (analyses.find(id).isPresent() || !"missing".equals(stateOnDisk(id))
                || Files.exists(dir("failed").resolve(id + ".csv"))) {
            throw new InputException("--analysis-id: an analysis '" + id + "' already exists in the inbox (state "
                    + stateOrRecorded(id) + "); ids are unique: choose another, or leave it out for a new one.");
        }
        return id;
    }

    private String stateOrRecorded(String id) {
        String state = stateOnDisk(id);
        return "missing".equals(state) ? analyses.find(id).map(AnalysisRepository.Row::status).orElse("failed") : state;
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

    /** Ids waiting in pending (for a watcher deciding whether to start a drain job). */
    public List<String> pendingIdsForWatch() {
        return pendingIds();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
    }

    /** The scored rows and summary of a processed analysis (reads files: run it off the FX thread). */
    public AnalysisResults results(String id, Progress progress) {
        return AnalysisResults.read(dir("processed"), id, progress);
    }

    private static String newId() {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        return "an-" + stamp + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    void close() {
        stages.close();
    }

    // ---- the folder queue, the stage runner and the drain job, as callers have always reached them

    /** Drains pending as a job of kind {@code inference} (a tracked run). */
    public JobHandle process(String jobId) {
        return drainJob.process(jobId);
    }

    /**
     * Processes one pending analysis alone as a job of kind {@code inference}, or every pending one when
     * {@code analysisId} is null; a given id must be pending, else {@link InputException} naming its state.
     */
    public JobHandle process(String jobId, String analysisId) {
        return drainJob.process(jobId, analysisId);
    }

    /**
     * Waits until each analysis is processed or failed, whichever process takes it; a file still pending, or claimed
     * by a process that ended, gets another drain job here. Returns each id's final state.
     */
    public Map<String, String> awaitOutcome(List<String> ids, Progress progress) {
        return drainJob.awaitOutcome(ids, progress);
    }

    /** Processes every pending file now, in this thread. */
    public DrainResult drain(Progress progress) {
        return stages.drain(progress);
    }

    /** Processes one analysis now, in this thread (skipped when it is no longer pending). */
    public DrainResult drainOnly(String id, Progress progress) {
        return stages.drainOnly(id, progress);
    }

    List<String> pendingIds() {
        return folders.pendingIds();
    }

    /** Puts a failed analysis back into pending (GUI "retry"). */
    public void retry(String id) {
        folders.retry(id);
    }

    /** Claims left by processes that are gone go back to pending. Returns the analysis ids recovered. */
    public List<String> recoverStaleClaims() {
        return folders.recoverStaleClaims();
    }

    /** processed, failed, processing (claimed), pending, or missing. */
    public String stateOnDisk(String id) {
        return folders.stateOnDisk(id);
    }

    /** True when a claim of an ended process waits to be recovered. */
    public boolean hasStaleClaims() {
        return folders.hasStaleClaims();
    }

    public Path resultFile(String id) {
        return folders.resultFile(id);
    }

    /** The summary of a processed analysis as stored in SQLite, else read from {@code processed/<id>.json}. */
    public AnalysisSummary storedSummary(String id) {
        return folders.storedSummary(id);
    }

    /** The summary of {@code processed/<id>.json} without its per-row list. */
    public AnalysisSummary resultSummary(String id) {
        return folders.resultSummary(id);
    }

}
