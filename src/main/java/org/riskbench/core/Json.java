package org.riskbench.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared, configured Jackson mappers (thread-safe once configured). */
public final class Json {

    /** JSON with ordered map keys and pretty output, for artifacts people read. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** YAML without the leading document marker. */
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

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

    public static String pretty(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getMessage(), e);
        }
    }

    /** Writes pretty JSON atomically. */
    public static void write(Path target, Object value) {
        AtomicFiles.write(target, out -> MAPPER.writeValue(out, value));
    }

    /**
     * A JSON value already rendered into {@code file} (UTF-8), copied byte for byte where the document being
     * written reaches it, then deleted. Lets a large part of a document be written while other work runs (the
     * scoring stage renders its per-row list while it stores the predictions).
     */
    public static JsonSerializable spliced(Path file) {
        return new JsonSerializable.Base() {
            @Override
            public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
                // the generator writes what precedes a value (" : " or a comma), then the bytes go to its target
                g.writeRawValue("");
                if (g.getOutputTarget() instanceof AtomicFiles.FileOutput out) {
                    // file to file in the kernel: through a user buffer, 190 MB took a second on a busy disk cache
                    g.flush();
                    try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(file)) {
                        long size = in.size();
                        for (long at = 0; at < size; ) {
                            at += in.transferTo(at, size - at, out.channel());
                        }
                    }
                } else if (g.getOutputTarget() instanceof OutputStream out) {
                    g.flush();
                    Files.copy(file, out);
                } else {
                    g.writeRaw(Files.readString(file, StandardCharsets.UTF_8));
                }
                Files.deleteIfExists(file);
            }

            @Override
            public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer) throws IOException {
                serialize(g, provider);
            }
        };
    }
}
