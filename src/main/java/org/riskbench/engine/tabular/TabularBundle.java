package org.riskbench.engine.tabular;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.BundleManifest;
import org.riskbench.core.InputException;
import org.riskbench.core.InputFiles;
import org.riskbench.core.Json;

/**
 * A general model bundle: a folder with {@code manifest.json} ({@code kind: tabular}, format version, version,
 * created_at, training data SHA-256, label, classes, positive class, threshold, learner, input columns, matrix columns,
 * headline metrics), {@code model.json} (every parameter of the {@link TabularModel}), {@code evaluation.json} (the
 * whole evaluation: cross-validation table, holdout metrics, curves, calibration, importance) and {@code report.md}
 * (the same for a reader). Loading refuses another kind or format version and a manifest that disagrees with the model.
 */
public record TabularBundle(Path dir, String version, String createdAt, String trainingSha256, TabularEvaluation evaluation,
                            TabularModel model) {
    public static final int FORMAT_VERSION = 1;
    public static final String KIND = "tabular";
    public static final String MANIFEST = BundleManifest.FILE;
    private static final ObjectMapper COMPACT = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** True when {@code dir} holds a general bundle (its manifest says {@code kind: tabular}). */
    public static boolean isTabular(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        try {
            return KIND.equals(Json.MAPPER.readTree(InputFiles.readAllBytes(manifest, manifest.toString(), InputFiles.Kind.MODEL))
                    .path("kind").asText());
        } catch (IOException e) {
            return false;
        }
    }

    public static TabularBundle save(Path dir, String version, String createdAt, String trainingSha256, TabularEvaluation evaluation,
                                     TabularModel model) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputException("cannot create the bundle folder " + dir + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(dir.resolve("model.json"), out -> COMPACT.writeValue(out, model));
        Json.write(dir.resolve("evaluation.json"), evaluation);
        AtomicFiles.writeString(dir.resolve("report.md"), Report.markdown(version, evaluation));
        // the manifest last: a folder without one is not a bundle
        Json.write(dir.resolve(MANIFEST), manifest(version, createdAt, trainingSha256, evaluation, model));
        return new TabularBundle(dir, version, createdAt, trainingSha256, evaluation, model);
    }

    static Manifest manifest(String version, String createdAt, String sha, TabularEvaluation evaluation, TabularModel model) {
        return new Manifest(model.classes(), model.plan().columns(), createdAt, FORMAT_VERSION,
                model.plan().features().stream().map(FeaturePlan.Feature::name).toList(), KIND, model.label(),
                model.learner().label(), evaluation.headline(), model.positive(), model.threshold(), sha, version);
    }

    /**
     * {@code manifest.json}, every key sorted as the file has always had them.
     *
     * @param metrics the evaluation's headline ({@link TabularEvaluation#headline}): figures by model and metric name
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Manifest(
            @JsonProperty("classes") List<String> classes,
            @JsonProperty("columns") List<String> columns,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("format_version") int formatVersion,
            @JsonProperty("input_columns") List<String> inputColumns,
            @JsonProperty("kind") String kind,
            @JsonProperty("label") String label,
            @JsonProperty("learner") String learner,
            @JsonProperty("metrics") Map<String, Object> metrics,
            @JsonProperty("positive") String positive,
            @JsonProperty("threshold") double threshold,
            @JsonProperty("training_data_sha256") String trainingDataSha256,
            @JsonProperty("version") String version) {
    }

    public static TabularBundle load(Path dir) {
        try {
            JsonNode m = BundleManifest.read(dir);
            if (!KIND.equals(m.path("kind").asText())) {
                throw new InputException(dir + " is a transactions scoring bundle, not a general model");
            }
            BundleManifest.checkFormat(dir, m, "general model bundle", FORMAT_VERSION);
            Path modelFile = dir.resolve("model.json");
            if (!Files.isRegularFile(modelFile)) {
                throw new InputException(dir + ": the bundle has no model.json; it is incomplete");
            }
            TabularModel model = COMPACT.readValue(InputFiles.readAllBytes(modelFile, modelFile.toString(), InputFiles.Kind.MODEL),
                    TabularModel.class);
            List<String> columns = BundleManifest.names(m, "columns");
            List<String> classes = BundleManifest.names(m, "classes");
            if (model.plan() == null || !columns.equals(model.plan().columns()) || !classes.equals(model.classes())) {
                throw new InputException(dir + ": the manifest's columns or classes do not match the model; the bundle is corrupt");
            }
            Path evalFile = dir.resolve("evaluation.json");
            TabularEvaluation evaluation = Files.isRegularFile(evalFile)
                    ? Json.MAPPER.readValue(InputFiles.readAllBytes(evalFile, evalFile.toString(), InputFiles.Kind.MODEL),
                            TabularEvaluation.class)
                    : null;
            return new TabularBundle(dir, m.path("version").asText(), m.path("created_at").asText(),
                    m.path("training_data_sha256").asText(), evaluation, model);
        } catch (IOException e) {
            throw new InputException(dir + ": unreadable model bundle: " + e.getMessage(), e);
        }
    }
}
