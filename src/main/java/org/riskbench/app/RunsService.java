package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.riskbench.core.Hashing;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.model.RunRecord;
import org.riskbench.core.query.RunQuery;
import org.riskbench.core.table.CsvRecords;
import org.riskbench.store.RunRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history of tracked runs (docs/spec/tracking.md) for both front ends: list and filter by a query, show one run,
 * compare runs side by side, preview artifacts and export a run to MLflow's file store. Queries are
 * evaluated here over the decoded JSON columns, so the store stays a plain index.
 */
public final class RunsService {
    private static final Logger LOG = LoggerFactory.getLogger(RunsService.class);
    /** Runs read from the index before a query filters them. */
    private static final int SCAN_LIMIT = 100_000;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<StoredArtifact>> ARTIFACTS = new TypeReference<>() { };

    /**
     * An entry of a tracked run's artifacts column as {@code Tracker} and the project steps write it (a project step's
     * also names its {@code step}, which the index does not show); {@code size} and {@code sha256} may be absent.
     */
    private record StoredArtifact(@JsonProperty("path") String path, @JsonProperty("size") Long size,
                                  @JsonProperty("sha256") String sha256) {
        TrackedRun.Artifact artifact() {
            return new TrackedRun.Artifact(String.valueOf(path), size == null ? -1 : size, Objects.toString(sha256, ""));
        }
    }

    private final RunRepository runs;
    private final Path workspaceRoot;

    RunsService(RunRepository runs, Path workspaceRoot) {
        this.runs = runs;
        this.workspaceRoot = workspaceRoot;
    }

    /** Parses a query (blank = all runs); a syntax error is a {@link org.riskbench.core.query.QueryException}. */
    public RunQuery parse(String query) {
        return RunQuery.parse(query);
    }

    /** Runs newest first that match {@code query} and the optional project and kind, at most {@code limit}. */
    public List<TrackedRun> list(String query, String project, String kind, int limit) {
        RunQuery q = parse(query);
        List<TrackedRun> out = new ArrayList<>();
        for (RunRecord record : runs.list(blankToNull(kind), blankToNull(project), SCAN_LIMIT)) {
            TrackedRun run = decode(record);
            if (q.matches(run::field)) {
                out.add(run);
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    /** One run; an unknown id is bad input. */
    public TrackedRun show(String id) {
        return runs.find(id).map(RunsService::decode)
                .orElseThrow(() -> new InputException("no run '" + org.riskbench.core.Texts.abbreviate(id) + "' in " + workspaceRoot));
    }

    /** Two or more runs side by side: parameter diff and metric table. */
    public RunComparison compare(List<String> ids) {
        if (ids.size() < 2) {
            throw new InputException("compare needs at least two run ids, got " + ids.size());
        }
        List<TrackedRun> list = ids.stream().map(this::show).toList();
        Set<String> paramKeys = new TreeSet<>();
        Set<String> metricKeys = new TreeSet<>();
        list.forEach(r -> {
            paramKeys.addAll(r.params().keySet());
            metricKeys.addAll(r.metrics().keySet());
        });
        List<RunComparison.Row> different = new ArrayList<>();
        List<RunComparison.Row> equal = new ArrayList<>();
        for (String key : paramKeys) {
            List<Object> values = new ArrayList<>();
            list.forEach(r -> values.add(r.params().get(key)));
            boolean same = values.stream().map(String::valueOf).distinct().count() == 1;
            (same ? equal : different).add(new RunComparison.Row(key, values));
        }
        List<RunComparison.Row> metrics = new ArrayList<>();
        for (String key : metricKeys) {
            List<Object> values = new ArrayList<>();
            list.forEach(r -> values.add(r.metrics().get(key)));
            metrics.add(new RunComparison.Row(key, values));
        }
        return new RunComparison(list, different, equal, metrics);
    }

    /** Parameter and metric keys present in these runs (for column choosers), sorted. */
    public static Set<String> keys(Collection<TrackedRun> list, boolean metrics) {
        Set<String> keys = new TreeSet<>();
        list.forEach(r -> keys.addAll(metrics ? r.metrics().keySet() : r.params().keySet()));
        return keys;
    }

    /** A value as the tables show it: numbers without trailing zeros, null as empty. */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return String.valueOf((long) d);
            }
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return String.valueOf(d);
            }
            if (Math.abs(d) >= 1e-4 && Math.abs(d) < 1e9) {
                return java.math.BigDecimal.valueOf(d).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
            }
            return String.format(java.util.Locale.ROOT, "%.4e", d);
        }
        return String.valueOf(value);
    }

    /** The first {@code maxRows} rows of a CSV artifact, for previews. */
    public record CsvPreview(List<String> header, List<List<String>> rows, boolean truncated) {
    }

    public CsvPreview previewCsv(Path file, int maxRows) {
        List<CsvRecords.Record> records;
        try {
            records = CsvRecords.read(file, file.toString(), maxRows + 2); // the header, the rows, one more: truncated?
        } catch (UncheckedIOException e) {
            throw new InputException("cannot read " + file + ": " + e.getCause().getMessage(), e);
        }
        if (records.isEmpty()) {
            return new CsvPreview(List.of(), List.of(), false);
        }
        List<List<String>> rows = new ArrayList<>();
        for (CsvRecords.Record r : records.subList(1, Math.min(records.size(), maxRows + 1))) {
            rows.add(List.of(r.fields()));
        }
        return new CsvPreview(List.of(records.get(0).fields()), rows, records.size() > maxRows + 1);
    }

    /** The text of a JSON artifact for a preview; {@code truncated} when only its first {@link #JSON_PREVIEW_BYTES} are shown. */
    public record TextPreview(String text, boolean truncated, long sizeBytes) {
    }

    /** A preview reads at most this much of a JSON file: an inference result document can be hundreds of MB. */
    public static final int JSON_PREVIEW_BYTES = 1 << 20;

    /**
     * A JSON artifact as indented text (the raw text if it is not valid JSON); a file larger than
     * {@link #JSON_PREVIEW_BYTES} shows its first lines up to that size, as they are.
     */
    public TextPreview previewJson(Path file) {
        try {
            long size = Files.size(file);
            if (size > JSON_PREVIEW_BYTES) {
                byte[] head = new byte[JSON_PREVIEW_BYTES];
                int n;
                try (var in = Files.newInputStream(file)) {
                    n = in.readNBytes(head, 0, head.length);
                }
                String text = new String(head, 0, n, StandardCharsets.UTF_8);
                int lastLine = text.lastIndexOf('\n');
                return new TextPreview(lastLine > 0 ? text.substring(0, lastLine + 1) : text, true, size);
            }
            String raw = Files.readString(file);
            try {
                return new TextPreview(Json.pretty(Json.MAPPER.readTree(raw)), false, size);
            } catch (IOException e) {
                return new TextPreview(raw, false, size);
            }
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes one run into MLflow's file store layout under {@code mlrunsDir}: the experiment (found by name,
     * else created) with its {@code meta.yaml}, and {@code <experiment_id>/<run_id>/} with {@code meta.yaml},
     * {@code params/}, {@code metrics/} ({@code "<timestamp_ms> <value> <step>"} lines), {@code tags/} and
     * {@code artifacts/} (copies of the run's files). Returns the run folder. Exporting again replaces it.
     */
    public Path exportMlflow(String runId, Path mlrunsDir, String experiment) {
        TrackedRun run = show(runId);
        org.riskbench.jobs.OutputFolders.check(workspaceRoot, org.riskbench.jobs.OutputFolders.Kind.MLFLOW, mlrunsDir, false,
                "--out");
        String experimentName = experiment == null || experiment.isBlank() ? "riskbench" : experiment.strip();
        try {
            Path root = mlrunsDir.toAbsolutePath().normalize();
            boolean fresh = !Files.isDirectory(root);
            Files.createDirectories(root.resolve(".trash"));
            if (fresh || !Files.exists(root.resolve("0").resolve("meta.yaml"))) {
                if (findExperiment(root, "Default") == null) {
                    writeExperiment(root, "0", "Default");
                }
            }
            String experimentId = findExperiment(root, experimentName);
            if (experimentId == null) {
                experimentId = nextExperimentId(root);
                writeExperiment(root, experimentId, experimentName);
            }
            String mlflowRunId = mlflowRunId(run.id());
            Path runDir = root.resolve(experimentId).resolve(mlflowRunId);
            if (Files.exists(runDir)) {
                deleteTree(runDir);
            }
            Files.createDirectories(runDir);
            long start = millis(run.startedAt());
            Long end = run.finishedAt() == null ? null : millis(run.finishedAt());
            MlflowRunMeta meta = new MlflowRunMeta(uri(runDir.resolve("artifacts")), end, "", experimentId, "active",
                    mlflowRunId, run.name() == null ? run.id() : run.name(), mlflowRunId, "", 4, "", start,
                    mlflowStatus(run.status()), List.of(), System.getProperty("user.name", "riskbench"));
            Json.YAML.writeValue(runDir.resolve("meta.yaml").toFile(), meta);

            Path params = Files.createDirectories(runDir.resolve("params"));
            for (Map.Entry<String, Object> p : run.params().entrySet()) {
                Files.writeString(params.resolve(safeKey(p.getKey())), String.valueOf(p.getValue()));
            }
            Path metrics = Files.createDirectories(runDir.resolve("metrics"));
            long at = end != null ? end : start;
            for (Map.Entry<String, Object> m : run.metrics().entrySet()) {
                if (m.getValue() instanceof Number n) {
                    Files.writeString(metrics.resolve(safeKey(m.getKey())), at + " " + n.doubleValue() + " 0\n");
                }
            }
            Path tags = Files.createDirectories(runDir.resolve("tags"));
            Map<String, String> tagValues = new LinkedHashMap<>();
            tagValues.put("mlflow.runName", run.name() == null ? run.id() : run.name());
            tagValues.put("mlflow.source.name", "riskbench");
            tagValues.put("mlflow.source.type", "LOCAL");
            tagValues.put("mlflow.user", System.getProperty("user.name", "riskbench"));
            tagValues.put("riskbench.run_id", run.id());
            tagValues.put("riskbench.kind", run.kind());
            if (run.project() != null) {
                tagValues.put("riskbench.project", run.project());
            }
            if (run.errorMessage() != null) {
                tagValues.put("riskbench.error", run.errorMessage());
            }
            // MLflow metrics are numbers: a run's text or boolean results (a promotion's reason, a model version) go as tags
            run.metrics().forEach((k, v) -> {
                if (v != null && !(v instanceof Number)) {
                    tagValues.put("riskbench.metric." + k, v instanceof Map || v instanceof List ? Json.compact(v) : String.valueOf(v));
                }
            });
            run.tags().forEach((k, v) -> tagValues.put(k, String.valueOf(v)));
            for (Map.Entry<String, String> t : tagValues.entrySet()) {
                Files.writeString(tags.resolve(safeKey(t.getKey())), t.getValue());
            }
            Path artifacts = Files.createDirectories(runDir.resolve("artifacts"));
            for (TrackedRun.Artifact a : run.artifacts()) {
                Path source = run.resolve(a);
                if (!Files.isRegularFile(source)) {
                    LOG.warn("run {}: artifact {} is gone; not exported", run.id(), source);
                    continue;
                }
                Path target = artifacts.resolve(a.path()).normalize();
                if (!target.startsWith(artifacts)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return runDir;
        } catch (IOException e) {
            throw new InputException("cannot export run '" + runId + "' to " + mlrunsDir + ": " + e.getMessage(), e);
        }
    }

    private static void writeExperiment(Path root, String id, String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(id));
        long now = System.currentTimeMillis();
        Json.YAML.writeValue(dir.resolve("meta.yaml").toFile(), new MlflowExperimentMeta(uri(dir), now, id, now, "active", name));
    }

    /**
     * An exported run's {@code meta.yaml} in MLflow's file store layout (its keys, in its order).
     *
     * @param sourceType MLflow's SourceType, 4 for LOCAL
     * @param tags       none here: the run's tags are files under {@code tags/}
     */
    @JsonPropertyOrder({"artifact_uri", "end_time", "entry_point_name", "experiment_id", "lifecycle_stage", "run_id", "run_name",
            "run_uuid", "source_name", "source_type", "source_version", "start_time", "status", "tags", "user_id"})
    record MlflowRunMeta(@JsonProperty("artifact_uri") String artifactUri, @JsonProperty("end_time") Long endTime,
                         @JsonProperty("entry_point_name") String entryPointName,
                         @JsonProperty("experiment_id") String experimentId,
                         @JsonProperty("lifecycle_stage") String lifecycleStage, @JsonProperty("run_id") String runId,
                         @JsonProperty("run_name") String runName, @JsonProperty("run_uuid") String runUuid,
                         @JsonProperty("source_name") String sourceName, @JsonProperty("source_type") int sourceType,
                         @JsonProperty("source_version") String sourceVersion, @JsonProperty("start_time") long startTime,
                         @JsonProperty("status") int status, @JsonProperty("tags") List<String> tags,
                         @JsonProperty("user_id") String userId) {
    }

    /** An experiment's {@code meta.yaml} in MLflow's file store layout (MLflow's own may hold more keys). */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"artifact_location", "creation_time", "experiment_id", "last_update_time", "lifecycle_stage", "name"})
    record MlflowExperimentMeta(@JsonProperty("artifact_location") String artifactLocation,
                                @JsonProperty("creation_time") long creationTime,
                                @JsonProperty("experiment_id") String experimentId,
                                @JsonProperty("last_update_time") long lastUpdateTime,
                                @JsonProperty("lifecycle_stage") String lifecycleStage, @JsonProperty("name") String name) {
    }

    private static String findExperiment(Path root, String name) throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path meta = dir.resolve("meta.yaml");
                if (Files.isRegularFile(meta)) {
                    MlflowExperimentMeta m = Json.YAML.readValue(meta.toFile(), MlflowExperimentMeta.class);
                    if (name.equals(m.name())) {
                        return m.experimentId();
                    }
                }
            }
        }
        return null;
    }

    private static String nextExperimentId(Path root) throws IOException {
        long max = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String n = dir.getFileName().toString();
                if (n.matches("\\d{1,18}")) {
                    max = Math.max(max, Long.parseLong(n));
                }
            }
        }
        return String.valueOf(max + 1);
    }

    /** MLflow accepts run ids matching {@code [a-zA-Z0-9][\w-]{0,255}}; others become a stable hash. */
    static String mlflowRunId(String id) {
        if (id.matches("[a-zA-Z0-9][\\w-]{0,255}")) {
            return id;
        }
        return Hashing.sha256(id).substring(0, 32);
    }

    private static String safeKey(String key) {
        String cleaned = key.replaceAll("[^\\w\\-. /]", "_").replace("..", "_");
        return cleaned.replace('/', '_');
    }

    private static int mlflowStatus(String status) {
        return switch (status) {
            case "running" -> 1;
            case "succeeded" -> 3;
            case "failed" -> 4;
            default -> 5; // cancelled -> KILLED
        };
    }

    private static String uri(Path dir) {
        String u = dir.toUri().toString();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    private static long millis(Instant t) {
        return t == null ? 0 : t.toEpochMilli();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Decodes the JSON columns of an index row. */
    static TrackedRun decode(RunRecord r) {
        Map<String, Object> params = new LinkedHashMap<>();
        flatten("", readMap(r.paramsJson(), r.id()), params);
        Map<String, Object> metrics = new LinkedHashMap<>();
        flatten("", readMap(r.metricsJson(), r.id()), metrics);
        Map<String, Object> tags = new LinkedHashMap<>();
        flatten("", readMap(r.tagsJson(), r.id()), tags);
        List<TrackedRun.Artifact> artifacts = new ArrayList<>();
        if (r.artifactsJson() != null && !r.artifactsJson().isBlank()) {
            try {
                for (StoredArtifact a : Json.MAPPER.readValue(r.artifactsJson(), ARTIFACTS)) {
                    artifacts.add(a.artifact());
                }
            } catch (IOException e) {
                LOG.warn("run {}: unreadable artifacts column", r.id(), e);
            }
        }
        return new TrackedRun(r.id(), r.kind(), r.project(), r.name(), r.status(), r.jobId(), r.startedAt(), r.finishedAt(),
                params, metrics, tags, artifacts, r.outputDir() == null ? null : Path.of(r.outputDir()), r.errorMessage());
    }

    private static Map<String, Object> readMap(String json, String id) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> m = Json.MAPPER.readValue(json, MAP);
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            LOG.warn("run {}: unreadable JSON column", id, e);
            return Map.of();
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> out) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = prefix + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> nested) {
                flatten(key + ".", (Map<String, Object>) nested, out);
            } else if (v instanceof Collection<?> list) {
                out.put(key, Json.compact(list));
            } else if (v instanceof Number n && !(v instanceof Double)) {
                out.put(key, n instanceof Long || n instanceof Integer ? n : n.doubleValue());
            } else {
                out.put(key, v);
            }
        }
    }
}
