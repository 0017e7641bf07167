package org.riskbench.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.core.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the inbox's stages on pending analyses, one at a time in the calling thread: claims the file, runs each stage
 * (the built-in check, then the plugged ones such as scoring) with retries of transient failures, backoff and a
 * per-file timeout, writes the result document ({@code processed/<id>.json}) before the table moves to
 * {@code processed/}, or the error document and the table into {@code failed/}. A full disk puts the file back.
 */
final class InboxStageRunner {
    private static final Logger LOG = LoggerFactory.getLogger(InboxStageRunner.class);

    private final InboxFolders folders;
    private final List<InboxStage> stages = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "riskbench-inbox");
        t.setDaemon(true);
        return t;
    });
    private volatile InboxService.Options options = InboxService.Options.defaults();

    InboxStageRunner(InboxFolders folders) {
        this.folders = folders;
        stages.add(new CheckStage());
    }

    void setOptions(InboxService.Options newOptions) {
        this.options = newOptions;
    }

    /** Plugs a stage in after the built-in ones. */
    void addStage(InboxStage stage) {
        stages.add(stage);
    }

    /** Removes the plugged stages of that name (the built-in check stays). */
    void removeStage(String name) {
        stages.removeIf(s -> s.name().equals(name) && !(s instanceof CheckStage));
    }

    void close() {
        runner.shutdownNow();
    }

    /** Processes every pending file now, in this thread. */
    InboxService.DrainResult drain(Progress progress) {
        List<String> recovered = folders.recoverStaleClaims();
        List<String> ids = folders.pendingIds();
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
        return new InboxService.DrainResult(processed, failed, skipped, recovered);
    }

    /** Processes one analysis now, in this thread (skipped when it is no longer pending). */
    InboxService.DrainResult drainOnly(String id, Progress progress) {
        progress.checkCancelled();
        progress.report(0, "processing " + id);
        String outcome = processOne(id, progress);
        return new InboxService.DrainResult("processed".equals(outcome) ? List.of(id) : List.of(),
                "failed".equals(outcome) ? List.of(id) : List.of(), "skipped".equals(outcome) ? List.of(id) : List.of(), List.of());
    }

    /** Returns processed, failed or skipped. */
    private String processOne(String id, Progress progress) {
        Path pending = folders.dir("pending").resolve(id + ".csv");
        Path result = folders.dir("processed").resolve(id + ".json");
        Path processedCsv = folders.dir("processed").resolve(id + ".csv");
        try {
            if (Files.exists(result)) {
                // processed already: a second attempt is a no-op, except finishing a move a crash interrupted
                // (with no pending file, another process is finishing its own move right now)
                if (!Files.exists(processedCsv) && Files.exists(pending)) {
                    AtomicFiles.move(pending, processedCsv);
                    Files.deleteIfExists(folders.dir("pending").resolve(id + ".json"));
                    folders.markStatus(id, "processed", null, null);
                    LOG.info("analysis {}: completed the move to processed/ left by an interrupted run", id);
                }
                return "skipped";
            }
            Path claim = folders.dir("pending").resolve(InboxFolders.CLAIM_PREFIX + id + "-" + folders.pid + ".csv");
            try {
                AtomicFiles.move(pending, claim);
            } catch (NoSuchFileException e) {
                return "skipped"; // another process claimed it first
            }
            folders.working(id);
            try {
                return run(id, claim, progress);
            } catch (IOException | RuntimeException e) {
                Optional<DiskFullException> full = DiskFullException.of(e, folders.root());
                if (full.isEmpty()) {
                    throw e;
                }
                returnToPending(id, claim, full.get());
                throw full.get();
            } finally {
                folders.done(id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("inbox move failed for " + id + ": " + e.getMessage(), e);
        }
    }

    private String run(String id, Path claim, Progress progress) throws IOException {
        folders.markStatus(id, "processing", null, null);
        Map<String, Object> manifest = folders.readManifest(id);
        AnalysisSummary started = AnalysisSummary.started(id, manifest);
        Map<String, Long> timings = new LinkedHashMap<>();
        if (manifest.get("validation_ms") instanceof Number ms) {
            timings.put("validate", ms.longValue());
        }
        if (manifest.get("enrichment_ms") instanceof Number ms) {
            timings.put("enrich", ms.longValue());
        }
        AnalysisSummary summary;
        try (ResultDocument document = new ResultDocument(folders.dir("processed").resolve(id + ".json"), started)) {
            Map<String, Object> sections = new LinkedHashMap<>(); // stage name -> its section, in the order they ran
            InboxStage.Item item = new InboxStage.Item(id, claim, manifest, folders.dir("processed"), document);
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
                if (out != null && !Json.convertInOrder(out, com.fasterxml.jackson.databind.JsonNode.class).isEmpty()) {
                    sections.put(stage.name(), out);
                    document.stageDone(stage.name(), out);
                }
            }
            summary = started.finished(sections, timings, Times.now());
            // Stored before the result file appears, which is the moment every reader sees the analysis as processed:
            // a reader in between would get the summary from the file, in the file's order. A crash before the file
            // leaves it beside a pending analysis, which nothing reads and the next run replaces. Per-row details (a
            // stage's streamed rows) live in the file and their own table, not in the stored summary.
            folders.storeSummary(id, Json.compact(summary));
            document.finish(summary);
        }
        AtomicFiles.move(claim, folders.dir("processed").resolve(id + ".csv"));
        Files.deleteIfExists(folders.dir("pending").resolve(id + ".json"));
        folders.markStatus(id, "processed", null, null);
        return "processed";
    }

    /** A stage failure after retries, with a message fit for the error file. */
    private static final class StageFailure extends Exception {
        private static final long serialVersionUID = 1L;

        StageFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Object runWithRetries(InboxStage stage, InboxStage.Item item, Progress outer) throws StageFailure {
        InboxService.Options o = options;
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
            Future<Object> future = runner.submit(() -> stage.run(item, progress));
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
            Files.deleteIfExists(folders.dir("processed").resolve(id + ".json"));
            AtomicFiles.move(claim, folders.dir("pending").resolve(id + ".csv"));
        } catch (IOException e) {
            full.addSuppressed(e); // the claim stays; the next drain returns it once this process has ended
        }
        try {
            folders.markStatus(id, "pending", null, null);
        } catch (RuntimeException e) {
            LOG.debug("analysis {}: status not reset after a full disk: {}", id, e.getMessage());
        }
        LOG.warn("analysis {}: returned to pending: {}", id, full.getMessage());
    }

    /** No internal paths in messages users and other systems read. */
    private String clean(String message) {
        String root = folders.root().toString();
        return message.replace(folders.dir("pending").toString() + java.io.File.separator, "").replace(root, "<workspace>");
    }

    private void fail(String id, Path claim, String stage, String message, Throwable cause) throws IOException {
        if (cause != null) {
            // the error document stays free of internal detail; the trace is for whoever debugs the stage
            java.io.StringWriter trace = new java.io.StringWriter();
            cause.printStackTrace(new java.io.PrintWriter(trace));
            AtomicFiles.writeString(folders.dir("failed").resolve(id + InboxService.ERROR_LOG_SUFFIX), "analysis " + id + ", stage " + stage
                    + ", " + Times.now() + "\n" + trace);
        }
        AnalysisError error = new AnalysisError(id, stage, message, Times.now());
        error.writeFile(folders.dir("failed").resolve(id + "_error.json"));
        AtomicFiles.move(claim, folders.dir("failed").resolve(id + ".csv"));
        Path manifest = folders.dir("pending").resolve(id + ".json");
        if (Files.exists(manifest)) {
            AtomicFiles.move(manifest, folders.dir("failed").resolve(id + ".json"));
        }
        folders.markStatus(id, "failed", null, Json.compact(error));
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
        public AnalysisSummary.Check run(Item item, Progress progress) throws IOException {
            if (!item.manifest().containsKey("input_sha256")) {
                throw new InputException("no manifest: files must enter the inbox through 'riskbench infer' or the GUI,"
                        + " which validate and enrich them");
            }
            long rows = countLines(item.enrichedCsv()) - 1;
            return new AnalysisSummary.Check(Math.max(0, rows));
        }
    }
}
