package org.riskbench.engine.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.Hashing;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;

/**
 * A project's run folder {@code runs/<run_id>/} (docs/spec/tracking.md): {@code run.json} (id, project, status, times, the
 * project.yaml snapshot and its SHA-256, parameters, steps, metrics, artifacts) and {@code log.txt}. The open run's
 * id is kept in {@code runs/.open}.
 */
public final class RunFolder {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private RunFolder() {
    }

    public static Path dir(Path project, String runId) {
        return project.resolve("runs").resolve(runId);
    }

    public static Optional<String> openRun(Path project) {
        Path marker = project.resolve("runs/.open");
        try {
            return Files.isRegularFile(marker) ? Optional.of(Files.readString(marker).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new InputException(marker + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static void open(ProjectConfig config, String runId) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", runId);
        run.put("project", config.name());
        run.put("status", "running");
        run.put("started_at", Instant.now().toString());
        run.put("ended_at", null);
        run.put("config_sha256", config.sha256());
        run.put("config", config.text());
        run.put("params", config.parameters());
        run.put("steps", new ArrayList<>());
        run.put("metrics", new LinkedHashMap<>());
        run.put("artifacts", new ArrayList<>());
        Json.write(dir(config.dir(), runId).resolve("run.json"), run);
        AtomicFiles.writeString(config.dir().resolve("runs/.open"), runId + "\n");
    }

    /** Adds a step's log, metrics (as {@code step.metric}) and artifacts to the run; returns the run's metrics. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> record(Path project, String runId, String step, String status, StepResult result,
                                             String error) {
        Map<String, Object> run = read(project, runId);
        appendLog(project, runId, step, result == null ? List.of() : result.warnings, result == null ? List.of() : result.log,
                error);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("step", step);
        s.put("status", status);
        s.put("finished_at", Instant.now().toString());
        if (error != null) {
            s.put("error", error);
        }
        Map<String, Object> metrics = (Map<String, Object>) run.get("metrics");
        List<Object> artifacts = (List<Object>) run.get("artifacts");
        if (result != null) {
            s.put("metrics", result.metrics);
            result.metrics.forEach((k, v) -> metrics.put(step + "." + k, v));
            for (Path p : result.artifacts) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("path", project.relativize(p).toString().replace('\\', '/'));
                try {
                    a.put("size", Files.size(p));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                a.put("sha256", Hashing.sha256(p));
                a.put("step", step);
                artifacts.removeIf(o -> ((Map<String, Object>) o).get("path").equals(a.get("path")));
                artifacts.add(a);
            }
            if (result.triggered()) {
                s.put("triggers", result.triggers);
            }
            if (!result.warnings.isEmpty()) {
                s.put("warnings", result.warnings);
            }
        }
        ((List<Object>) run.get("steps")).add(s);
        Json.write(dir(project, runId).resolve("run.json"), run);
        return metrics;
    }

    public static void close(Path project, String runId, String status, String error) {
        Map<String, Object> run = read(project, runId);
        run.put("status", status);
        run.put("ended_at", Instant.now().toString());
        if (error != null) {
            run.put("error", error);
        }
        Json.write(dir(project, runId).resolve("run.json"), run);
        try {
            Files.deleteIfExists(project.resolve("runs/.open"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> artifacts(Path project, String runId) {
        return (List<Map<String, Object>>) read(project, runId).get("artifacts");
    }

    public static Map<String, Object> read(Path project, String runId) {
        Path file = dir(project, runId).resolve("run.json");
        try {
            return Json.MAPPER.readValue(file.toFile(), MAP);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the run: " + e.getMessage(), e);
        }
    }

    private static void appendLog(Path project, String runId, String step, List<String> warnings, List<String> lines,
                                  String error) {
        StringBuilder sb = new StringBuilder();
        String now = Instant.now().toString();
        warnings.forEach(l -> sb.append(now).append(" [").append(step).append("] WARNING: ").append(l).append('\n'));
        lines.forEach(l -> sb.append(now).append(" [").append(step).append("] ").append(l).append('\n'));
        if (error != null) {
            sb.append(now).append(" [").append(step).append("] FAILED: ").append(error).append('\n');
        }
        try {
            Files.writeString(dir(project, runId).resolve("log.txt"), sb.toString(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
