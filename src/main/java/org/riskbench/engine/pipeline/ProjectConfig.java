package org.riskbench.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.riskbench.core.Hashing;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.InputFiles;
import org.riskbench.core.TextFiles;
import org.riskbench.engine.scenario.ScenarioConfig;

/**
 * A project's {@code project.yaml} (docs/spec/tracking.md): name, model kind, data sources and the parameters of each
 * step. Validated on load, unknown keys included (like the profile, scenario and guardrails files); accessors
 * name the key path in their errors.
 */
public final class ProjectConfig {
    public static final String FILE = "project.yaml";
    public static final Set<String> MODELS = Set.of("logistic", "blrm", "acceptance", "command");

    /**
     * The keys each mapping of project.yaml may hold, by key path ({@code []} for the items of a list): whatever the
     * steps read, nothing else, so a misspelt key is refused instead of silently taking its default. {@code train}
     * depends on the model, see {@link #trainKeys}.
     */
    private static final Map<String, List<String>> KEYS = Map.ofEntries(
            Map.entry("", List.of("name", "model", "key", "sources", "etl", "inspect", "clean", "prepare", "train",
                    "evaluate", "deploy", "monitor", "update")),
            Map.entry("sources[]", List.of("name", "path")),
            Map.entry("etl", List.of("transforms")),
            Map.entry("etl.transforms[]", List.of("source", "rename", "cast", "derive", "filter", "command", "timeout_sec")),
            Map.entry("etl.transforms[].rename", List.of("from", "to")),
            Map.entry("etl.transforms[].cast", List.of("column", "type")),
            Map.entry("etl.transforms[].derive", List.of("column", "expr")),
            Map.entry("inspect", List.of("table", "bins", "top")),
            Map.entry("clean", List.of("table", "set", "filters")),
            Map.entry("clean.filters[]", List.of("where", "reason")),
            Map.entry("prepare", List.of("table", "target", "positive", "features", "join", "exclusions", "split", "seed",
                    "ordered", "stratify")),
            Map.entry("prepare.split", List.of("train", "val", "test")),
            Map.entry("evaluate", List.of("split")),
            Map.entry("deploy", List.of("name")),
            Map.entry("monitor", List.of("batch", "bins", "features", "limits")),
            Map.entry("monitor.limits", List.of("psi", "ks_pvalue", "prediction_psi", "min_f1", "max_rmse",
                    "max_block_share")),
            Map.entry("update", List.of("data", "metric")));

    /** A CSV data source; {@code path} is relative to the project folder. */
    public record Source(String name, String path) {
    }

    private final Path dir;
    private final String text;
    private final JsonNode root;
    private final String name;
    private final String model;
    private final String key;
    private final List<Source> sources;

    private ProjectConfig(Path dir, String text, JsonNode root) {
        this.dir = dir;
        this.text = text;
        this.root = root;
        checkKeys(root, "", "", null);
        this.name = requireText(root, "name");
        this.model = requireText(root, "model");
        if (!MODELS.contains(model)) {
            throw new InputException(file() + ": model is '" + model + "' but must be one of " + MODELS.stream().sorted().toList() + ".");
        }
        JsonNode train = root.get("train");
        if (train != null) {
            checkKeys(train, "train", "train", model);
        }
        this.key = root.path("key").asText("row_id");
        JsonNode src = root.path("sources");
        if (!src.isArray() || src.isEmpty()) {
            throw new InputException(file() + ": sources must be a non-empty list of {name, path}.");
        }
        List<Source> list = new ArrayList<>();
        for (int i = 0; i < src.size(); i++) {
            JsonNode s = src.get(i);
            list.add(new Source(requireText(s, "sources[" + i + "].name", "name"), requireText(s, "sources[" + i + "].path", "path")));
        }
        this.sources = List.copyOf(list);
        // values that size an allocation: bounded here, before a step is queued
        checkBound("monitor", "bins", org.riskbench.core.Limits.MAX_BINS);
        checkBound("inspect", "bins", org.riskbench.core.Limits.MAX_BINS);
        checkBound("inspect", "top", org.riskbench.core.Limits.MAX_TOP_K);
        checkBound("train", "top_k", org.riskbench.core.Limits.MAX_TOP_K);
    }

    private void checkBound(String step, String key, long max) {
        JsonNode n = root.path(step).get(key);
        if (n != null && n.isNumber()) {
            double v = n.doubleValue();
            if (v < 1 || v > max) {
                throw new InputException(String.format(java.util.Locale.ROOT, "%s: %s.%s must be between 1 and %,d, got %s.",
                        file(), step, key, max, n.asText()));
            }
        }
    }

    /** The keys of {@code train} for a model: the hand-written logistic's, the scenario engine's, the calibration's. */
    private static List<String> trainKeys(String model) {
        return switch (model) {
            case "logistic" -> List.of("iterations", "learning_rate", "l2", "threshold");
            // the scenario config's keys but those the pipeline sets itself (input_path, output_dir, target)
            case "blrm" -> ScenarioConfig.KEYS.stream()
                    .filter(k -> !List.of("input_path", "output_dir", "target").contains(k)).toList();
            case "command" -> List.of("command", "timeout_sec");
            default -> List.of("profile", "grid", "top_k");
        };
    }

    /**
     * Refuses a key that no step reads, naming the file, the key path and the valid keys there. {@code schema} is the
     * path in {@link #KEYS} ({@code []} for list items), {@code path} the one shown ({@code [i]}). The top level stops
     * at {@code train}, which is checked once the model is known ({@code model} non-null).
     */
    private void checkKeys(JsonNode node, String schema, String path, String model) {
        if (node == null || node.isNull()) {
            return; // an empty section keeps its defaults
        }
        List<String> valid = schema.equals("train") ? (model == null ? null : trainKeys(model)) : KEYS.get(schema);
        if (valid == null) {
            return; // a value, not a mapping of ours
        }
        if (!node.isObject()) {
            throw new InputException(file() + ": '" + path + "' must be a mapping with keys: " + String.join(", ", valid) + ".");
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            String key = e.getKey();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (!valid.contains(key)) {
                throw new InputException(file() + ": unknown key '" + org.riskbench.core.Texts.abbreviate(keyPath) + "'; valid keys of "
                        + (path.isEmpty() ? "the top level" : "'" + path + "'")
                        + (schema.equals("train") ? " (model " + model + ")" : "") + ": " + String.join(", ", valid) + ".");
            }
            if (schema.isEmpty() && key.equals("train")) {
                continue;
            }
            String child = schema.isEmpty() ? key : schema + "." + key;
            JsonNode value = e.getValue();
            if (value.isArray() && KEYS.containsKey(child + "[]")) {
                for (int i = 0; i < value.size(); i++) {
                    if (value.get(i).isObject()) { // other shapes are the step's to refuse, with its own message
                        checkKeys(value.get(i), child + "[]", keyPath + "[" + i + "]", model);
                    }
                }
            } else if (KEYS.containsKey(child)) {
                checkKeys(value, child, keyPath, model);
            }
        }
    }

    /** Reads {@code dir/project.yaml}. */
    public static ProjectConfig load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new InputException(dir + ": not a project folder (no " + FILE + "); create one with 'riskbench project create'.");
        }
        String text = TextFiles.read(file, file.toString(), InputFiles.Kind.PROJECT);
        JsonNode root = Json.yamlMapping(text, file.toString(), "must be a mapping with name, model, sources and one section per step.");
        return new ProjectConfig(dir.toAbsolutePath().normalize(), text, root);
    }

    public Path dir() {
        return dir;
    }

    public String file() {
        return dir.resolve(FILE).toString();
    }

    public String text() {
        return text;
    }

    public String sha256() {
        return Hashing.sha256(text);
    }

    public String name() {
        return name;
    }

    public String model() {
        return model;
    }

    public String key() {
        return key;
    }

    public List<Source> sources() {
        return sources;
    }

    public Source source(String sourceName) {
        if (sourceName == null) {
            return sources.get(0);
        }
        return sources.stream().filter(s -> s.name().equals(sourceName)).findFirst()
                .orElseThrow(() -> new InputException(file() + ": no source named '" + sourceName + "' in sources."));
    }

    /** The section of one step (a missing node when absent). */
    public JsonNode section(String step) {
        JsonNode n = root.get(step);
        return n == null ? MissingNode.getInstance() : n;
    }

    /** All step parameters, flattened with dots (for the run's params). */
    public Map<String, Object> parameters() {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", root, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else if (node.isArray()) {
            out.put(prefix, node.toString());
        } else if (node.isNumber()) {
            out.put(prefix, node.numberValue());
        } else if (node.isBoolean()) {
            out.put(prefix, node.booleanValue());
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    // --- typed access with the key path in errors ---

    public String text(String step, String key, String dflt) {
        JsonNode n = section(step).get(key);
        if (n == null || n.isNull()) {
            if (dflt == null) {
                throw new InputException(file() + ": " + step + "." + key + " is missing.");
            }
            return dflt;
        }
        if (!n.isValueNode()) {
            throw new InputException(file() + ": " + step + "." + key + " must be a single value.");
        }
        return n.asText();
    }

    public double number(String step, String key, double dflt) {
        JsonNode n = section(step).get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isNumber()) {
            throw new InputException(file() + ": " + step + "." + key + " must be a number, got " + n + ".");
        }
        return n.doubleValue();
    }

    public boolean flag(String step, String key, boolean dflt) {
        JsonNode n = section(step).get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw new InputException(file() + ": " + step + "." + key + " must be true or false, got " + n + ".");
        }
        return n.booleanValue();
    }

    /** A list of strings, or null when absent. */
    public List<String> list(String step, String key) {
        JsonNode n = section(step).get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw new InputException(file() + ": " + step + "." + key + " must be a list.");
        }
        List<String> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** A path under the project folder. */
    public Path path(String relative) {
        return dir.resolve(relative).normalize();
    }

    private String requireText(JsonNode node, String key) {
        return requireText(node, key, key);
    }

    private String requireText(JsonNode node, String keyPath, String field) {
        JsonNode n = node.get(field);
        if (n == null || !n.isValueNode() || n.asText().isBlank()) {
            throw new InputException(dir.resolve(FILE) + ": " + keyPath + " is missing or empty.");
        }
        return n.asText();
    }
}
