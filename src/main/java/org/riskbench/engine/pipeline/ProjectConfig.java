package org.riskbench.engine.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import org.riskbench.core.TextFiles;

/**
 * A project's {@code project.yaml} (tracking.md): name, model kind, data sources and the parameters of each
 * step. Validated on load; accessors name the key path in their errors.
 */
public final class ProjectConfig {
    public static final String FILE = "project.yaml";
    public static final Set<String> MODELS = Set.of("logistic", "blrm", "acceptance");

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
        this.name = requireText(root, "name");
        this.model = requireText(root, "model");
        if (!MODELS.contains(model)) {
            throw new InputException(file() + ": model is '" + model + "' but must be one of " + MODELS.stream().sorted().toList() + ".");
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
    }

    /** Reads {@code dir/project.yaml}. */
    public static ProjectConfig load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new InputException(dir + ": not a project folder (no " + FILE + "); create one with 'riskbench project create'.");
        }
        String text = TextFiles.read(file, file.toString(), FILE);
        JsonNode root;
        try {
            root = Json.YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw Json.syntaxError(file.toString(), e, "not valid YAML");
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file + ": must be a mapping with name, model, sources and one section per step.");
        }
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
