package org.riskbench.engine.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
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
        ProjectRun run = new ProjectRun(List.of(), config.text(), config.sha256(), null, null, runId, Map.of(),
                config.parameters(), config.name(), Instant.now().toString(), "running", List.of());
        Json.write(dir(config.dir(), runId).resolve("run.json"), run);
        AtomicFiles.writeString(config.dir().resolve("runs/.open"), runId + "\n");
    }

    /** Adds a step's log, metrics (as {@code step.metric}) and artifacts to the run; returns the run's metrics. */
    public static Map<String, Object> record(Path project, String runId, String step, String status, StepResult result,
                                             String error) {
        ProjectRun run = read(project, runId);
        appendLog(project, runId, step, result == null ? List.of() : result.warnings, result == null ? List.of() : result.log,
                error);
        Map<String, Object> metrics = run.metrics();
        List<ProjectRun.Artifact> artifacts = run.artifacts();
        if (result != null) {
            result.metrics.forEach((k, v) -> metrics.put(step + "." + k, v));
            for (Path p : result.artifacts) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String path = project.relativize(p).toString().replace('\\', '/');
                long size;
                try {
                    size = Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                artifacts.removeIf(a -> a.path().equals(path));
                artifacts.add(new ProjectRun.Artifact(path, Hashing.sha256(p), size, step));
            }
        }
        run.steps().add(new ProjectRun.Step(error, Instant.now().toString(), result == null ? null : result.metrics, status,
                step, result != null && result.triggered() ? result.triggers : null,
                result != null && !result.warnings.isEmpty() ? result.warnings : null));
        Json.write(dir(project, runId).resolve("run.json"), run);
        return metrics;
    }

    public static void close(Path project, String runId, String status, String error) {
        ProjectRun run = read(project, runId).ended(status, Instant.now().toString(), error);
        Json.write(dir(project, runId).resolve("run.json"), run);
        try {
            Files.deleteIfExists(project.resolve("runs/.open"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static List<ProjectRun.Artifact> artifacts(Path project, String runId) {
        return read(project, runId).artifacts();
    }

    public static ProjectRun read(Path project, String runId) {
        Path file = dir(project, runId).resolve("run.json");
        try {
            return Json.MAPPER.readValue(file.toFile(), ProjectRun.class);
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
