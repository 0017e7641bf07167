package org.riskbench.app;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tracked run as the front ends see it: the index row with its JSON maps decoded. {@code params} and
 * {@code metrics} are flattened (nested keys joined with dots, e.g. {@code profile.hysteresis.dwell_pass});
 * values are numbers, strings, booleans, or JSON text for lists.
 */
public record TrackedRun(
        String id,
        String kind,
        String project,
        String name,
        String status,
        String jobId,
        Instant startedAt,
        Instant finishedAt,
        Map<String, Object> params,
        Map<String, Object> metrics,
        Map<String, Object> tags,
        List<Artifact> artifacts,
        Path outputDir,
        String errorMessage) {

    /** One file of the run's output folder. */
    public record Artifact(String path, long size, String sha256) {
        /** The kind of preview the file allows: csv, json, png or none. */
        public String previewKind() {
            String lower = path.toLowerCase(java.util.Locale.ROOT);
            if (lower.endsWith(".csv")) {
                return "csv";
            }
            if (lower.endsWith(".json")) {
                return "json";
            }
            if (lower.endsWith(".png")) {
                return "png";
            }
            return "none";
        }
    }

    /** Run time, up to now while it runs; null if it never started. */
    public Duration duration(Instant now) {
        if (startedAt == null) {
            return null;
        }
        return Duration.between(startedAt, finishedAt != null ? finishedAt : now);
    }

    /** The absolute path of an artifact (artifact paths are relative to the output folder). */
    public Path resolve(Artifact artifact) {
        return outputDir == null ? Path.of(artifact.path()) : outputDir.resolve(artifact.path());
    }

    /** The value of a query field ({@code metrics.x}, {@code params.a.b}, {@code tags.t}, or a column), or null. */
    public Object field(String field) {
        return switch (field) {
            case "kind" -> kind;
            case "status" -> status;
            case "project" -> project;
            case "name" -> name;
            case "id" -> id;
            default -> {
                int dot = field.indexOf('.');
                if (dot < 0) {
                    yield null;
                }
                String key = field.substring(dot + 1);
                yield switch (field.substring(0, dot)) {
                    case "metrics" -> metrics.get(key);
                    case "params" -> params.get(key);
                    case "tags" -> tags.get(key);
                    default -> null;
                };
            }
        };
    }
}
