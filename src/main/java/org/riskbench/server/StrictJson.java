package org.riskbench.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Collectors;

/**
 * Request bodies read strictly: snake_case keys, an unknown key or a value of the wrong type (a string where a number
 * goes, a number where text goes) is a 400 naming the field, malformed JSON a 400 naming the line and column.
 */
final class StrictJson {
    private static final ObjectMapper MAPPER = strictMapper();

    private StrictJson() {
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // "42" is not a number and 42 is not text: a client that sends either has a bug worth hearing about
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    static <T> T read(InputStream body, Class<T> type) {
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw ApiException.badRequest("the body is empty; send a JSON object", null);
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String field = fieldPath(e);
            throw ApiException.badRequest("unknown field '" + field + "'; known fields: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")), field);
        } catch (JsonMappingException e) {
            String field = fieldPath(e);
            if (field.isEmpty()) {
                throw ApiException.badRequest("the body must be a JSON object: " + e.getOriginalMessage(), null);
            }
            throw ApiException.badRequest("field '" + field + "' has the wrong type: " + firstSentence(e.getOriginalMessage()), field);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + firstSentence(e.getOriginalMessage()), null);
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the body: " + e.getMessage(), null);
        }
    }

    /** {@code rows[2].true_class}. */
    private static String fieldPath(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String firstSentence(String message) {
        String m = message == null ? "" : message;
        int cut = m.indexOf('\n');
        m = cut < 0 ? m : m.substring(0, cut);
        // Jackson names its own classes and the record's Java types; the client knows the field, not those
        return m.replaceAll("`[a-z]+(\\.[A-Za-z$]+)+`", "").replaceAll("\\(class [^)]*\\)", "").replaceAll("\\s+", " ").trim();
    }
}
