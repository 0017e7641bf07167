package org.riskbench.engine.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.core.Limits;
import org.riskbench.core.Json;
import org.riskbench.core.InputFiles;
import org.riskbench.core.TextFiles;

/**
 * Configuration of a scenario run (docs/spec/scenarios.md, table "Config"). Immutable and validated at
 * construction: a bad value throws {@link InputException} naming the key.
 *
 * <p>Relative paths: when loaded with {@link #load(Path)}, a relative {@code input_path} or
 * {@code output_dir} resolves against the folder of the config file (so a config and its CSV can move
 * together). {@link #fromMap(Map, Path)} resolves against the given base folder; with a null base the
 * paths stay as written and the caller resolves them (e.g. against the workspace).
 *
 * @param inputPath  CSV to read; null means synthetic data (as does a path to a missing file, per spec)
 * @param outputDir  where artifacts go; null lets the caller choose (workspace {@code runs/<run-id>})
 */
public record ScenarioConfig(
        String name,
        Path inputPath,
        Path outputDir,
        String target,
        int nScenarios,
        long seed,
        double shockSd,
        boolean bootstrap,
        double hitBand,
        double ridge,
        double maxRuntimeSec,
        String bestBy) {

    /** The keys of the spec table, in its order. */
    public static final List<String> KEYS = List.of("name", "input_path", "output_dir", "target", "n_scenarios",
            "seed", "shock_sd", "bootstrap", "hit_band", "ridge", "max_runtime_sec", "best_by");

    /** Metrics that may pick the best scenario. */
    public static final List<String> BEST_BY = List.of("avg_score", "p_hit", "rmse");

    public ScenarioConfig {
        if (name == null || name.isBlank()) {
            throw bad("name", "must be a non-empty string");
        }
        if (target == null || target.isBlank()) {
            throw bad("target", "must be a non-empty column name");
        }
        if (nScenarios < 1) {
            throw bad("n_scenarios", "must be at least 1, got " + nScenarios);
        }
        if (nScenarios > Limits.MAX_SCENARIOS) {
            throw bad("n_scenarios", String.format(java.util.Locale.ROOT, "is %,d, over the limit of %,d scenarios per run",
                    nScenarios, Limits.MAX_SCENARIOS));
        }
        requireNonNegative("shock_sd", shockSd);
        requireNonNegative("hit_band", hitBand);
        requireNonNegative("ridge", ridge);
        if (!(maxRuntimeSec > 0) || Double.isInfinite(maxRuntimeSec)) {
            throw bad("max_runtime_sec", "must be a positive number of seconds, got " + maxRuntimeSec);
        }
        if (bestBy == null || !BEST_BY.contains(bestBy)) {
            throw bad("best_by", "must be one of " + String.join(", ", BEST_BY) + ", got \"" + bestBy + "\"");
        }
    }

    /** The spec defaults (no input: synthetic data; no output_dir: the caller decides). */
    public static ScenarioConfig defaults() {
        return new ScenarioConfig("blrm_v1", null, null, "target", 5, 42L, 0.05, true, 2.0, 0.0, 300.0, "avg_score");
    }

    public ScenarioConfig withInputPath(Path path) {
        return new ScenarioConfig(name, path, outputDir, target, nScenarios, seed, shockSd, bootstrap, hitBand, ridge,
                maxRuntimeSec, bestBy);
    }

    public ScenarioConfig withOutputDir(Path dir) {
        return new ScenarioConfig(name, inputPath, dir, target, nScenarios, seed, shockSd, bootstrap, hitBand, ridge,
                maxRuntimeSec, bestBy);
    }

    public ScenarioConfig withNScenarios(int n) {
        return new ScenarioConfig(name, inputPath, outputDir, target, n, seed, shockSd, bootstrap, hitBand, ridge,
                maxRuntimeSec, bestBy);
    }

    public ScenarioConfig withMaxRuntimeSec(double seconds) {
        return new ScenarioConfig(name, inputPath, outputDir, target, nScenarios, seed, shockSd, bootstrap, hitBand,
                ridge, seconds, bestBy);
    }

    /**
     * Reads a JSON or YAML config ({@code .yaml}/{@code .yml} are YAML, anything else JSON). Relative paths in it
     * resolve against the file's folder. An empty file (or one with only comments) is refused; {@code {}} asks for
     * every default.
     */
    public static ScenarioConfig load(Path file) {
        String fileName = file.getFileName().toString();
        boolean yaml = fileName.toLowerCase(Locale.ROOT).endsWith(".yaml")
                || fileName.toLowerCase(Locale.ROOT).endsWith(".yml");
        ObjectMapper mapper = yaml ? Json.YAML : Json.MAPPER;
        String text = TextFiles.read(file, file.toString(), InputFiles.Kind.SCENARIO_CONFIG);
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw Json.syntaxError(file.toString(), e, yaml ? "not valid YAML" : "not valid JSON");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            // An empty file is a mistake (a wrong file, a failed save), not a wish for every default: "{}" is that.
            throw new InputException(file + ": the scenario config is empty; write key: value pairs (valid keys are: "
                    + String.join(", ", KEYS) + "), or {} for all the defaults");
        }
        Path base = file.toAbsolutePath().getParent();
        try {
            return fromTree(root, base);
        } catch (InputException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        }
    }

    /** Builds a config from a map of spec keys (missing keys take their defaults); paths stay as written. */
    public static ScenarioConfig fromMap(Map<String, ?> values) {
        return fromMap(values, null);
    }

    /** Builds a config from a map of spec keys; relative paths resolve against {@code baseDir} when not null. */
    public static ScenarioConfig fromMap(Map<String, ?> values, Path baseDir) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.valueToTree(values == null ? Map.of() : values);
        } catch (IllegalArgumentException e) {
            throw new InputException("scenario config: values must be strings, numbers or booleans: " + e.getMessage(), e);
        }
        return fromTree(tree, baseDir);
    }

    /** The config with spec key names, for artifacts and provenance. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("input_path", inputPath == null ? null : inputPath.toString());
        m.put("output_dir", outputDir == null ? null : outputDir.toString());
        m.put("target", target);
        m.put("n_scenarios", nScenarios);
        m.put("seed", seed);
        m.put("shock_sd", shockSd);
        m.put("bootstrap", bootstrap);
        m.put("hit_band", hitBand);
        m.put("ridge", ridge);
        m.put("max_runtime_sec", maxRuntimeSec);
        m.put("best_by", bestBy);
        return m;
    }

    private static ScenarioConfig fromTree(JsonNode root, Path baseDir) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return defaults();
        }
        if (!(root instanceof ObjectNode obj)) {
            throw new InputException("scenario config must be an object of key: value pairs, got " + kind(root));
        }
        for (Iterator<String> it = obj.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new InputException("unknown key \"" + key + "\" in scenario config; valid keys are: "
                        + String.join(", ", KEYS));
            }
        }
        ScenarioConfig d = defaults();
        return new ScenarioConfig(
                string(obj, "name", d.name()),
                path(obj, "input_path", baseDir),
                path(obj, "output_dir", baseDir),
                string(obj, "target", d.target()),
                (int) integer(obj, "n_scenarios", d.nScenarios(), Integer.MAX_VALUE),
                integer(obj, "seed", d.seed(), Long.MAX_VALUE),
                number(obj, "shock_sd", d.shockSd()),
                bool(obj, "bootstrap", d.bootstrap()),
                number(obj, "hit_band", d.hitBand()),
                number(obj, "ridge", d.ridge()),
                number(obj, "max_runtime_sec", d.maxRuntimeSec()),
                string(obj, "best_by", d.bestBy()));
    }

    private static String string(ObjectNode obj, String key, String dflt) {
        JsonNode v = obj.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw wrongType(key, v, "a string");
        }
        return v.textValue();
    }

    private static Path path(ObjectNode obj, String key, Path baseDir) {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(key, v, "a path string");
        }
        String text = v.textValue().trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            Path p = Path.of(text);
            return baseDir != null && !p.isAbsolute() ? baseDir.resolve(p).normalize() : p;
        } catch (InvalidPathException e) {
            throw bad(key, "is not a valid path: \"" + text + "\"");
        }
    }

    private static long integer(ObjectNode obj, String key, long dflt, long max) {
        JsonNode v = obj.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(key, v, "an integer");
        }
        long value = v.longValue();
        if (value > max || value < -max) {
            throw bad(key, "is out of range: " + v);
        }
        return value;
    }

    private static double number(ObjectNode obj, String key, double dflt) {
        JsonNode v = obj.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw wrongType(key, v, "a number");
        }
        return v.doubleValue();
    }

    private static boolean bool(ObjectNode obj, String key, boolean dflt) {
        JsonNode v = obj.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw wrongType(key, v, "a boolean (true or false)");
        }
        return v.booleanValue();
    }

    private static void requireNonNegative(String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw bad(key, "must be a finite number >= 0, got " + value);
        }
    }

    private static InputException wrongType(String key, JsonNode value, String expected) {
        return new InputException("scenario config key \"" + key + "\" has value " + value + " (" + kind(value)
                + "); expected " + expected);
    }

    private static InputException bad(String key, String what) {
        return new InputException("scenario config key \"" + key + "\" " + what);
    }

    private static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isIntegralNumber()) {
            return "an integer";
        }
        if (v.isNumber()) {
            return "a decimal number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isArray()) {
            return "a list";
        }
        return "an object";
    }
}
