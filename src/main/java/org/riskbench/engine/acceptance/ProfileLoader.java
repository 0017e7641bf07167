package org.riskbench.engine.acceptance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.InputFiles;
import org.riskbench.core.TextFiles;

/**
 * Reads acceptance profiles from YAML (docs/spec/acceptance.md, "Profile"). A document with a top-level
 * {@code profiles:} mapping holds named profiles; any other document is one profile named
 * {@code default}. Unknown keys, wrong types and out-of-range values are refused with an
 * {@link InputException} that names the file, the profile and the key path.
 */
public final class ProfileLoader {

    private static final String PROFILES = "profiles";
    private static final ObjectReader READER = Json.YAML.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Keys of the predecessors' profile files that Riskbench does not take, with what to do instead. */
    private static final Map<String, String> REPLACED = Map.of(
            "service", "the AURORA API service's settings are not part of an acceptance profile: remove the section"
                    + " (Riskbench's runs are read from its workspace: riskbench runs list, the Runs screen)",
            "metrics", "the AURORA Prometheus exporter's settings are not part of an acceptance profile: remove the"
                    + " section (Riskbench records every run's metrics in its workspace: riskbench runs list)",
            // the guard thresholds of AURORA's execution gating table, by the name of their Riskbench bound
            "surprisal_p95_guard", "AURORA's surprisal guard is Riskbench's 'guards.surprisal_p95.hard' (a breach zeroes"
                    + " the size); write guards: {surprisal_p95: {hard: NUMBER}}",
            "coverage_lower_bound", "AURORA's coverage bound is Riskbench's 'guards.coverage_ema.hard' (a breach zeroes the"
                    + " size; 'guards.coverage_ema.soft' only derisks); write guards: {coverage_ema: {hard: NUMBER}}",
            "latency_p95_max_ms", "AURORA's latency guard is Riskbench's 'guards.latency_p95.hard' (ms); write guards:"
                    + " {latency_p95: {hard: NUMBER}}",
            "max_interval_rel_width", "AURORA's width guard is Riskbench's optional 'guards.rel_width_p95.hard'; write"
                    + " guards: {rel_width_p95: {hard: NUMBER}}");

    private ProfileLoader() {
    }

    /** Every parameter of a profile: dotted path, type and default, in the spec's order. */
    public static List<ParameterPath> parameterPaths() {
        List<ParameterPath> out = new ArrayList<>();
        for (ProfileSchema.Param p : ProfileSchema.params()) {
            out.add(new ParameterPath(p.path(), p.type(), p.defaultValue()));
        }
        return List.copyOf(out);
    }

    /**
     * Loads one profile from a file.
     *
     * @param profileNameOrNull the profile to pick from a multi-profile file; may be null when the file
     *                          holds one profile
     */
    public static AcceptanceProfile load(Path yamlFile, String profileNameOrNull) {
        return pick(loadAll(yamlFile), yamlFile.toString(), profileNameOrNull);
    }

    /** Loads one profile from YAML text; {@code sourceName} is used in error messages. */
    public static AcceptanceProfile loadString(String yaml, String sourceName, String profileNameOrNull) {
        return pick(parseAll(ProfileAliases.normalise(parse(yaml, sourceName), sourceName, null), sourceName),
                sourceName, profileNameOrNull);
    }

    /** Loads one profile from YAML text (single profile or the only one of a multi-profile document). */
    public static AcceptanceProfile loadString(String yaml) {
        return loadString(yaml, "<profile>", null);
    }

    /** All profiles of a file, by name, in file order. */
    public static Map<String, AcceptanceProfile> loadAll(Path yamlFile) {
        String text = TextFiles.read(yamlFile, yamlFile.toString(), InputFiles.Kind.PROFILE);
        Path dir = yamlFile.toAbsolutePath().getParent();
        return parseAll(ProfileAliases.normalise(parse(text, yamlFile.toString()), yamlFile.toString(), dir), yamlFile.toString());
    }

    private static JsonNode parse(String yaml, String source) {
        try {
            JsonNode root = READER.readTree(yaml);
            return root == null || root.isMissingNode() ? Json.YAML.createObjectNode() : root;
        } catch (JsonProcessingException e) {
            throw Json.syntaxError(source, e, "not valid YAML");
        }
    }

    private static Map<String, AcceptanceProfile> parseAll(JsonNode root, String source) {
        if (root.isNull()) {
            root = Json.YAML.createObjectNode();
        }
        if (!root.isObject()) {
            throw new InputException(source + ": a profile must be a YAML mapping of keys to values.");
        }
        Map<String, AcceptanceProfile> out = new LinkedHashMap<>();
        JsonNode profiles = root.get(PROFILES);
        if (profiles == null) {
            out.put("default", parseOne(root, "default", source));
            return out;
        }
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!key.equals(PROFILES)) {
                throw new InputException(source + ": unknown top-level key '" + key + "' beside 'profiles'; a file with "
                        + "'profiles:' holds only named profiles (profiles: {NAME: {...}}).");
            }
        }
        if (!profiles.isObject() || profiles.isEmpty()) {
            throw new InputException(source + ": 'profiles' must be a mapping of at least one profile name to its keys.");
        }
        Iterator<Map.Entry<String, JsonNode>> it = profiles.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), parseOne(e.getValue(), e.getKey(), source));
        }
        return out;
    }

    private static AcceptanceProfile pick(Map<String, AcceptanceProfile> all, String source, String name) {
        if (name == null || name.isBlank()) {
            if (all.size() == 1) {
                return all.values().iterator().next();
            }
            throw new InputException(source + ": holds " + all.size() + " profiles; choose one of: "
                    + String.join(", ", all.keySet()) + ".");
        }
        AcceptanceProfile p = all.get(name);
        if (p == null) {
            throw new InputException(source + ": no profile named '" + name + "'; profiles in the file: "
                    + String.join(", ", all.keySet()) + ".");
        }
        return p;
    }

    private static AcceptanceProfile parseOne(JsonNode node, String name, String source) {
        String where = source + ": profile '" + name + "'";
        if (node == null || node.isNull()) {
            node = Json.YAML.createObjectNode();
        }
        if (!node.isObject()) {
            throw new InputException(where + ": must be a mapping of keys to values.");
        }
        AcceptanceProfile base = AcceptanceProfile.defaults();
        Object[] values = new Object[ProfileSchema.size()];
        for (ProfileSchema.Param p : ProfileSchema.params()) {
            values[p.index()] = base.get(p.path());
        }
        JsonNode[] calibration = new JsonNode[1];
        walk(node, "", values, calibration, where);
        return new AcceptanceProfile(name, values, calibration[0], where);
    }

    private static void walk(JsonNode node, String section, Object[] values, JsonNode[] calibration, String where) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = section.isEmpty() ? e.getKey() : section + "." + e.getKey();
            JsonNode value = e.getValue();
            ProfileSchema.Param p = ProfileSchema.byPath(path);
            if (p != null) {
                try {
                    values[p.index()] = AcceptanceProfile.coerce(p, value, "key");
                } catch (InputException ex) {
                    throw new InputException(where + ": " + ex.getMessage(), ex);
                }
            } else if (section.isEmpty() && path.equals(ProfileSchema.CALIBRATION)) {
                calibration[0] = checkCalibration(value, where);
            } else if (ProfileSchema.isSection(path)) {
                if (value.isNull()) {
                    continue; // an empty section keeps its defaults
                }
                if (!value.isObject()) {
                    throw new InputException(where + ": key '" + path + "' must be a mapping with keys: "
                            + ProfileSchema.keysOf(path) + ".");
                }
                walk(value, path, values, calibration, where);
            } else {
                String hint = REPLACED.get(path);
                throw new InputException(where + ": unknown key '" + org.riskbench.core.Texts.abbreviate(path) + "'" + (hint != null ? "; " + hint : "; valid keys of "
                        + (section.isEmpty() ? "the top level" : "'" + section + "'") + ": "
                        + ProfileSchema.keysOf(section)) + ".");
            }
        }
    }

    /** Keeps the calibration section raw; only its two known keys get a shape check. */
    private static JsonNode checkCalibration(JsonNode value, String where) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new InputException(where + ": key 'calibration' must be a mapping (objective_weights, hard_constraints).");
        }
        JsonNode weights = value.get("objective_weights");
        if (weights != null && !weights.isNull()) {
            if (!weights.isObject()) {
                throw new InputException(where + ": key 'calibration.objective_weights' must be a mapping of weight names to numbers.");
            }
            Iterator<Map.Entry<String, JsonNode>> it = weights.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> w = it.next();
                if (!w.getValue().isNumber()) {
                    throw new InputException(where + ": key 'calibration.objective_weights." + w.getKey() + "' has value '"
                            + w.getValue().asText() + "' but must be a decimal number.");
                }
            }
        }
        JsonNode constraints = value.get("hard_constraints");
        if (constraints != null && !constraints.isNull() && !constraints.isTextual() && !constraints.isArray()) {
            throw new InputException(where + ": key 'calibration.hard_constraints' must be a string or a list of strings.");
        }
        return value;
    }
}
