package org.riskbench.engine.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.core.InputFiles;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.BundleManifest;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;

/**
 * A model bundle: a folder with {@code manifest.json} (format_version, version, created_at, training data
 * SHA-256, column list, class list, metrics) and {@code model.json} (every parameter of the
 * {@link ScoringModel}). Loading refuses another format version and a column list that disagrees with the
 * model's alignment.
 */
public record ModelBundle(Path dir, String version, String createdAt, String trainingSha256, List<String> columns,
                          List<String> classes, Map<String, Object> metrics, ScoringModel model) {
    public static final int FORMAT_VERSION = 1;
    /** The file that makes a folder a bundle. */
    public static final String MANIFEST = BundleManifest.FILE;
    private static final ObjectMapper COMPACT = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static ModelBundle save(Path dir, String version, String createdAt, String trainingSha256,
                                   Map<String, Object> metrics, ScoringModel model) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputException("cannot create the bundle folder " + dir + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(dir.resolve("model.json"), out -> COMPACT.writeValue(out, model));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format_version", FORMAT_VERSION);
        m.put("version", version);
        m.put("created_at", createdAt);
        m.put("training_data_sha256", trainingSha256);
        m.put("columns", model.alignment().columns());
        m.put("classes", model.classes());
        m.put("metrics", metrics);
        // the manifest last: a folder without one is not a bundle
        Json.write(dir.resolve(MANIFEST), m);
        return new ModelBundle(dir, version, createdAt, trainingSha256, model.alignment().columns(), model.classes(), metrics, model);
    }

    @SuppressWarnings("unchecked")
    public static ModelBundle load(Path dir) {
        try {
            JsonNode m = BundleManifest.read(dir);
            if ("tabular".equals(m.path("kind").asText())) {
                throw new InputException(dir + " is a general model (label '" + m.path("label").asText()
                        + "'), not a transactions scoring model; score a table with it by 'riskbench infer FILE --model " + dir + " --out DIR'");
            }
            BundleManifest.checkFormat(dir, m, "model bundle", FORMAT_VERSION);
            ScoringModel model = COMPACT.readValue(InputFiles.readAllBytes(dir.resolve("model.json"),
                    dir.resolve("model.json").toString(), InputFiles.Kind.MODEL), ScoringModel.class);
            List<String> columns = BundleManifest.names(m, "columns");
            List<String> classes = BundleManifest.names(m, "classes");
            model.alignment().verify(columns);
            if (!classes.equals(model.classes())) {
                throw new InputException(dir + ": the manifest's class list does not match the model; the bundle is corrupt");
            }
            Map<String, Object> metrics = Json.MAPPER.convertValue(m.path("metrics"), LinkedHashMap.class);
            return new ModelBundle(dir, m.path("version").asText(), m.path("created_at").asText(),
                    m.path("training_data_sha256").asText(), columns, classes, metrics, model);
        } catch (IOException e) {
            throw new InputException(dir + ": unreadable model bundle: " + e.getMessage(), e);
        }
    }
}
