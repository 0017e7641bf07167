package org.riskbench.engine.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.core.InputFiles;
import org.riskbench.core.Json;
import org.riskbench.core.TextFiles;

/**
 * The AURORA documents' spellings of a profile, mapped onto Riskbench's before the strict reading of
 * {@link ProfileLoader} (aliases, not a second format; docs/migration.md):
 * <ul>
 * <li>{@code governance: {NAME: {acceptance: {...}}}} is {@code profiles: {NAME: {...}}}, and an {@code acceptance:}
 * mapping inside a profile is unwrapped into it;</li>
 * <li>{@code execution.gating.{scale_map, hard_block_on_guard, min_notional, max_notional}} are the same keys
 * directly under {@code execution};</li>
 * <li>{@code calibration.objective_weights} as a string {@code "w_pass=1,w_derisk=0.5"} is that mapping;</li>
 * <li>{@code ci_gating: {coverage: {ema_beta, ema_state_file}, metrics: [{name: coverage_abs_err_ema, source_key,
 * threshold_key: ci.coverage_tolerance.max, relation: "<="}]}} is {@code ci_gating: {ema_beta, tolerance}}, the
 * tolerance read from the thresholds file ({@code ci_thresholds.yaml} beside the profile file, or
 * {@code ci_gating.thresholds_file}); the state file is not needed (the state is kept in the workspace);</li>
 * <li>a {@code ci_gating} beside {@code profiles} applies to every profile that has none.</li>
 * </ul>
 * A key given in both spellings is refused, naming both.
 */
final class ProfileAliases {
    static final String THRESHOLDS_FILE = "ci_thresholds.yaml";
    private static final List<String> GATING_KEYS = List.of("scale_map", "hard_block_on_guard", "min_notional", "max_notional");
    private static final String DRIFT_METRIC = "coverage_abs_err_ema";

    private ProfileAliases() {
    }

    /**
     * The document in Riskbench's spelling (a copy; the input is not changed). {@code profileDir} is the profile
     * file's folder, for the thresholds file; null when the text has no file.
     */
    static JsonNode normalise(JsonNode root, String source, Path profileDir) {
        if (root == null || !root.isObject()) {
            return root;
        }
        ObjectNode doc = root.deepCopy();
        JsonNode governance = doc.get("governance");
        if (governance != null) {
            if (doc.has("profiles")) {
                throw new InputException(source + ": has both 'governance' (the AURORA spelling) and 'profiles'; keep one.");
            }
            if (!governance.isObject() || governance.isEmpty()) {
                throw new InputException(source + ": 'governance' must be a mapping of profile names to their settings "
                        + "(governance: {NAME: {acceptance: {...}}}).");
            }
            doc.remove("governance");
            ObjectNode profiles = Json.YAML.createObjectNode();
            if (governance.has("acceptance")) {
                profiles.set("default", governance); // governance.acceptance.*: one profile
            } else {
                governance.fields().forEachRemaining(e -> profiles.set(e.getKey(), e.getValue()));
            }
            ObjectNode rebuilt = Json.YAML.createObjectNode();
            rebuilt.set("profiles", profiles);
            doc.fields().forEachRemaining(e -> rebuilt.set(e.getKey(), e.getValue()));
            doc = rebuilt;
        }
        JsonNode profiles = doc.get("profiles");
        if (profiles != null && profiles.isObject()) {
            JsonNode sharedGating = doc.remove("ci_gating");
            ObjectNode out = Json.YAML.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> it = profiles.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode p = e.getValue();
                if (p != null && p.isObject() && sharedGating != null && !p.has("ci_gating")) {
                    p = ((ObjectNode) p.deepCopy()).set("ci_gating", sharedGating.deepCopy());
                }
                out.set(e.getKey(), profile(p, source + ": profile '" + e.getKey() + "'", source, profileDir));
            }
            doc.set("profiles", out);
            return doc;
        }
        return profile(doc, source + ": profile 'default'", source, profileDir);
    }

    private static JsonNode profile(JsonNode node, String where, String source, Path profileDir) {
        if (node == null || !node.isObject()) {
            return node;
        }
        ObjectNode p = (ObjectNode) node.deepCopy();
        JsonNode acceptance = p.remove("acceptance");
        if (acceptance != null && !acceptance.isNull()) {
            if (!acceptance.isObject()) {
                throw new InputException(where + ": 'acceptance' must be a mapping of the profile's keys.");
            }
            acceptance.fields().forEachRemaining(e -> {
                if (p.has(e.getKey())) {
                    throw new InputException(where + ": key '" + e.getKey() + "' is given both under 'acceptance' and"
                            + " directly; keep one.");
                }
                p.set(e.getKey(), e.getValue());
            });
        }
        JsonNode execution = p.get("execution");
        if (execution != null && execution.isObject() && execution.has("gating")) {
            ObjectNode ex = (ObjectNode) execution;
            JsonNode gating = ex.remove("gating");
            if (gating != null && !gating.isNull()) {
                if (!gating.isObject()) {
                    throw new InputException(where + ": key 'execution.gating' must be a mapping with keys: "
                            + String.join(", ", GATING_KEYS) + ".");
                }
                gating.fields().forEachRemaining(e -> {
                    if (!GATING_KEYS.contains(e.getKey())) {
                        throw new InputException(where + ": unknown key 'execution.gating." + e.getKey()
                                + "'; valid keys of 'execution.gating': " + String.join(", ", GATING_KEYS) + ".");
                    }
                    if (ex.has(e.getKey())) {
                        throw new InputException(where + ": key 'execution." + e.getKey() + "' is given both as"
                                + " 'execution.gating." + e.getKey() + "' and directly; keep one.");
                    }
                    ex.set(e.getKey(), e.getValue());
                });
            }
        }
        JsonNode calibration = p.get("calibration");
        if (calibration != null && calibration.isObject() && calibration.path("objective_weights").isTextual()) {
            ((ObjectNode) calibration).set("objective_weights",
                    weights(calibration.get("objective_weights").asText(), where + ": key 'calibration.objective_weights'"));
        }
        JsonNode gating = p.get("ci_gating");
        if (gating != null && gating.isObject() && (gating.has("coverage") || gating.has("metrics")
                || gating.has("thresholds_file"))) {
            p.set("ci_gating", ciGating((ObjectNode) gating.deepCopy(), where, profileDir));
        }
        return p;
    }

    /** "w_pass=1,w_derisk=0.5" or "coverage:0.4,latency:0.15" as a mapping; the calibration checks the names. */
    private static ObjectNode weights(String text, String where) {
        ObjectNode out = Json.YAML.createObjectNode();
        for (String item : text.split(",")) {
            String pair = item.trim();
            if (pair.isEmpty()) {
                continue;
            }
            int at = pair.indexOf('=') >= 0 ? pair.indexOf('=') : pair.indexOf(':');
            if (at <= 0) {
                throw new InputException(where + ": '" + pair + "' is not name=number (e.g. w_pass=1,w_derisk=0.5).");
            }
            String name = pair.substring(0, at).trim();
            String value = pair.substring(at + 1).trim();
            try {
                out.put(name, Double.parseDouble(value));
            } catch (NumberFormatException e) {
                throw new InputException(where + ": weight '" + name + "' is '" + value + "', not a number.");
            }
        }
        if (out.isEmpty()) {
            throw new InputException(where + ": is empty; write name=number pairs such as 'w_pass=1,w_derisk=0.5'.");
        }
        return out;
    }

    private static ObjectNode ciGating(ObjectNode g, String where, Path profileDir) {
        JsonNode coverage = g.remove("coverage");
        if (coverage != null && !coverage.isNull()) {
            if (!coverage.isObject()) {
                throw new InputException(where + ": key 'ci_gating.coverage' must be a mapping (ema_beta, ema_state_file).");
            }
            coverage.fields().forEachRemaining(e -> {
                switch (e.getKey()) {
                    case "ema_beta" -> {
                        if (g.has("ema_beta")) {
                            throw new InputException(where + ": key 'ci_gating.ema_beta' is given both as"
                                    + " 'ci_gating.coverage.ema_beta' and directly; keep one.");
                        }
                        g.set("ema_beta", e.getValue());
                    }
                    case "ema_state_file" -> {
                        // accepted: Riskbench keeps the drift-watch state in the workspace, per profile
                    }
                    default -> throw new InputException(where + ": unknown key 'ci_gating.coverage." + e.getKey()
                            + "'; valid keys of 'ci_gating.coverage': ema_beta, ema_state_file.");
                }
            });
        }
        JsonNode file = g.remove("thresholds_file");
        JsonNode metrics = g.remove("metrics");
        if (metrics == null || metrics.isNull()) {
            return g;
        }
        if (!metrics.isArray() || metrics.size() != 1) {
            throw new InputException(where + ": 'ci_gating.metrics' must list one metric, coverage_abs_err_ema"
                    + " (the only one Riskbench's drift watch follows).");
        }
        JsonNode m = metrics.get(0);
        String at = where + ": 'ci_gating.metrics[0]";
        for (String key : List.of("name", "source_key")) {
            if (m.has(key) && !DRIFT_METRIC.equals(m.path(key).asText())) {
                throw new InputException(at + "." + key + "' is '" + m.path(key).asText() + "' but the drift watch follows "
                        + DRIFT_METRIC + " only.");
            }
        }
        Iterator<String> names = m.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!List.of("name", "source_key", "threshold_key", "relation").contains(key)) {
                throw new InputException(at + "' has unknown key '" + key + "'; valid keys: name, source_key, threshold_key,"
                        + " relation.");
            }
        }
        String relation = m.path("relation").asText("<=");
        if (!"<=".equals(relation)) {
            throw new InputException(at + ".relation' is '" + relation + "' but must be '<=' (ok while the EMA is at or"
                    + " below the threshold; a violation above it).");
        }
        if (!m.hasNonNull("threshold_key")) {
            return g;
        }
        if (g.has("tolerance")) {
            throw new InputException(at + ".threshold_key' and 'ci_gating.tolerance' both give the threshold; keep one.");
        }
        String key = m.path("threshold_key").asText();
        if (profileDir == null) {
            throw new InputException(at + ".threshold_key' reads " + THRESHOLDS_FILE + " beside the profile file, and this"
                    + " profile has no file; write 'ci_gating.tolerance: NUMBER' instead.");
        }
        Path thresholds = profileDir.resolve(file == null || file.isNull() ? THRESHOLDS_FILE : file.asText());
        if (!Files.isRegularFile(thresholds)) {
            throw new InputException(at + ".threshold_key' is '" + key + "', to be read from " + thresholds
                    + ", which does not exist; put the file there (or set ci_gating.thresholds_file), or write"
                    + " 'ci_gating.tolerance: NUMBER' instead.");
        }
        g.set("tolerance", threshold(thresholds, key));
        return g;
    }

    /** The number at a dotted key of a thresholds file: nested mappings ({@code ci: {coverage_tolerance: {max: }}}) or a literal dotted key. */
    private static JsonNode threshold(Path file, String key) {
        JsonNode root;
        try {
            root = Json.YAML.readTree(TextFiles.read(file, file.toString(), InputFiles.Kind.THRESHOLDS));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw Json.syntaxError(file.toString(), e, "not valid YAML");
        }
        JsonNode v = root == null ? null : root.get(key);
        if (v == null && root != null) {
            v = root;
            for (String part : key.split("\\.")) {
                v = v.get(part);
                if (v == null) {
                    break;
                }
            }
        }
        if (v == null || !v.isNumber()) {
            throw new InputException(file + ": key '" + key + "' " + (v == null ? "is missing" : "is '" + v.asText()
                    + "' but must be a number") + " (ci_gating.metrics[0].threshold_key names it).");
        }
        return v;
    }
}
