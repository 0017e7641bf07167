package org.riskbench.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Shared, configured Jackson mappers (thread-safe once configured). */
public final class Json {

    /**
     * JSON with ordered map keys and pretty output, for artifacts people read. Reading is strict about duplicate keys
     * (one value silently winning hides a user's mistake), as {@link #YAML} is.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** YAML without the leading document marker; a key repeated in a mapping is refused with its line. */
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }

    /** Compact one-line JSON, for store columns. */
    public static String compact(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * {@code value} as a {@code type}, maps keeping their order ({@link #MAPPER}'s {@code convertValue} sorts map keys
     * on the way, as it does when writing); unknown keys are ignored. For a map that came from another process (a
     * Spark driver's summary) or an engine, turned into the record that is written in its order.
     */
    public static <T> T convertInOrder(Object value, Class<T> type) {
        return IN_ORDER.convertValue(value, type);
    }

    /**
     * {@code value} (a record) as a map of its JSON names in its own order, for the places that keep an open set of
     * names (a run's parameters and metrics, a model's metrics): {@link #MAPPER} would sort them.
     */
    public static Map<String, Object> toMapInOrder(Object value) {
        return IN_ORDER.convertValue(value, MAP_IN_ORDER);
    }

    private static final TypeReference<LinkedHashMap<String, Object>> MAP_IN_ORDER = new TypeReference<>() { };

    private static final ObjectMapper IN_ORDER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static String pretty(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Sets {@code value} (a number, a boolean or a text) at the dotted key {@code key} ({@code hysteresis.dwell_pass}) of
     * {@code root}, making the mappings on the way: a profile patch, a one-key profile.
     */
    public static void putAt(com.fasterxml.jackson.databind.node.ObjectNode root, String key, Object value) {
        String[] parts = key.split("\\.");
        com.fasterxml.jackson.databind.node.ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.get(parts[i]) instanceof com.fasterxml.jackson.databind.node.ObjectNode child ? child : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], MAPPER.valueToTree(value));
    }

    /**
     * A user's YAML file that must hold a mapping at its top: its syntax errors as {@link #syntaxError} puts them, and
     * anything else than a mapping (an empty file, a list) refused as {@code source: notAMapping}.
     */
    public static JsonNode yamlMapping(String text, String source, String notAMapping) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw syntaxError(source, e, "not valid YAML");
        }
        if (root == null || !root.isObject()) {
            throw new InputException(source + ": " + notAMapping);
        }
        return root;
    }

    /**
     * A JSON or YAML syntax error as one line, {@code source:line:column: what: problem}. SnakeYAML's own text
     * spans several lines (context, a quoted excerpt, a caret) and Jackson appends its source: the user gets
     * the problem where SnakeYAML found it, plus where the construct it was reading starts.
     *
     * @param what the kind of failure, e.g. "not valid YAML"
     */
    public static InputException syntaxError(String source, JsonProcessingException e, String what) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Mark at = yaml.getProblemMark();
            StringBuilder message = new StringBuilder(what).append(": ").append(oneLine(yaml.getProblem()));
            Mark start = yaml.getContextMark();
            if (yaml.getContext() != null && start != null
                    && (start.getLine() != at.getLine() || start.getColumn() != at.getColumn())) {
                message.append(" (").append(oneLine(yaml.getContext())).append(" that starts at ")
                        .append(start.getLine() + 1).append(':').append(start.getColumn() + 1).append(')');
            }
            return InputException.at(source, at.getLine() + 1L, at.getColumn() + 1L, sentence(message.toString()), e);
        }
        JsonLocation loc = e.getLocation();
        java.util.regex.Matcher duplicate = DUPLICATE.matcher(oneLine(e.getOriginalMessage()));
        if (duplicate.matches()) {
            return InputException.at(source, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
                    what + ": the key '" + duplicate.group(1) + "' appears twice in one mapping; keep one.", e);
        }
        String problem = oneLine(e.getOriginalMessage())
                // Jackson names a start marker as "[Source: ...; line: 1, column: 1]"
                .replaceAll("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)]", "$1:$2");
        return InputException.at(source, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
                sentence(what + ": " + problem), e);
    }

    /** Jackson's words for a key met twice under {@link JsonParser.Feature#STRICT_DUPLICATE_DETECTION}. */
    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("Duplicate field '(.*)'");

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** Writes pretty JSON atomically. */
    public static void write(Path target, Object value) {
        AtomicFiles.write(target, out -> MAPPER.writeValue(out, value));
    }
}
