package org.riskbench.app;

import org.riskbench.core.model.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.riskbench.core.Hashing;
import org.riskbench.core.CancelledException;
import org.riskbench.core.Json;
import org.riskbench.store.RunRepository;

/**
 * Records engine runs in the run index (docs/spec/tracking.md): parameters at the start; metrics and the
 * artifacts (path, size, SHA-256) at the end. Every engine job calls this, so the Runs screen is the one
 * history of everything.
 */
public final class Tracker {
    private final RunRepository runs;

    Tracker(RunRepository runs) {
        this.runs = runs;
    }

    /**
     * Starts a run. Its parameters (and later its metrics) are a map: the run index keeps every kind's as one open set
     * of names that queries ({@code params.threads = 4}) and the Runs screen's columns address by name; a job's
     * parameters record comes here through {@link JobParams#asMap}.
     */
    public void start(String runId, String kind, String name, String jobId, Map<String, Object> params, Path outputDir) {
        runs.start(runId, kind, null, name, jobId, Json.compact(params), "{}", outputDir == null ? null : outputDir.toString());
    }

    public void succeed(String runId, Map<String, ?> metrics, Path outputDir) {
        runs.finish(runId, "succeeded", Json.compact(metrics), Json.compact(artifacts(outputDir)), null);
    }

    public void fail(String runId, String status, String error, Path outputDir) {
        // a cancelled engine's message is just "cancelled": the status says it, "cancelled: cancelled" would not help
        runs.finish(runId, status, null, Json.compact(artifacts(outputDir)), status.equals(error) ? null : error);
    }

    /**
     * Marks a run whose work threw {@code e}: cancelled when the job was cancelled, else failed with the exception's
     * message; the files written so far are listed as its artifacts.
     */
    public void fail(String runId, RuntimeException e, Path outputDir) {
        fail(runId, e instanceof CancelledException ? "cancelled" : "failed", e.getMessage(), outputDir);
    }

    /** Starts a run that belongs to a project (pipeline steps, project registration). */
    public void startInProject(String runId, String kind, String project, String name, String jobId, Map<String, Object> params,
                               Path outputDir) {
        runs.start(runId, kind, project, name, jobId, Json.compact(params), "{}", outputDir == null ? null : outputDir.toString());
    }

    /** Metrics and artifacts so far of a run that stays open. */
    public void update(String runId, Map<String, ?> metrics, List<? extends Map<String, ?>> artifacts) {
        runs.update(runId, Json.compact(metrics), Json.compact(artifacts));
    }

    /** Sets a run's parameters once known (an inbox drain learns its analyses as it takes them). */
    public void params(String runId, Map<String, ?> params) {
        runs.updateParams(runId, Json.compact(params));
    }

    /** Ends a run with the artifacts given (paths relative to its output folder). */
    public void finish(String runId, String status, Map<String, ?> metrics, List<? extends Map<String, ?>> artifacts, String error) {
        runs.finish(runId, status, metrics == null ? null : Json.compact(metrics), artifacts == null ? null : Json.compact(artifacts), error);
    }

    public List<RunRecord> recent(String kind, int limit) {
        return runs.list(kind, null, limit);
    }

    /**
     * Every regular file under a run folder, with size and hash: maps, as the run index stores them and a project's
     * steps add their own (ProjectService).
     */
    static List<Map<String, Object>> artifacts(Path dir) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .forEach(p -> out.add(artifact(dir, p)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list artifacts in " + dir, e);
        }
        return out;
    }

    /** The given files that exist, as artifacts with paths relative to {@code base} (a run whose files live elsewhere). */
    static List<Map<String, Object>> artifacts(Path base, List<Path> files) {
        return files.stream().filter(Files::isRegularFile).map(p -> artifact(base, p)).toList();
    }

    private static Map<String, Object> artifact(Path base, Path file) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", base.relativize(file).toString());
        try {
            entry.put("size", Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entry.put("sha256", Hashing.sha256(file));
        return entry;
    }
}
