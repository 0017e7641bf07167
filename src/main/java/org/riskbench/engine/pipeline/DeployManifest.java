package org.riskbench.engine.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The {@code manifest.json} of a deployed bundle ({@code models/bundles/<name>-v<N>.zip}), every key sorted as the
 * file has always had them. Written by deploy; update reads the newest one's version and metrics, deploy its files.
 *
 * @param columns the model's features
 * @param metrics the evaluation's {@code metrics.json} as it was; a map because the model kind names its metrics and
 *                {@code update.metric} addresses one by name
 */
@JsonPropertyOrder(alphabetic = true)
public record DeployManifest(
        @JsonProperty("columns") List<String> columns,
        @JsonProperty("config_sha256") String configSha256,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("files") List<File> files,
        @JsonProperty("metrics") Map<String, Object> metrics,
        @JsonProperty("model_kind") String modelKind,
        @JsonProperty("name") String name,
        @JsonProperty("project") String project,
        @JsonProperty("target") String target,
        @JsonProperty("version") int version) {

    public DeployManifest {
        files = files == null ? List.of() : files;
        metrics = metrics == null ? Map.of() : metrics;
    }

    /** A file in the bundle: its entry name, SHA-256 and size. */
    @JsonPropertyOrder(alphabetic = true)
    public record File(
            @JsonProperty("path") String path,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("size") long size) {
    }

    /** The bundle's {@code columns.json}: the model's features and target. */
    @JsonPropertyOrder(alphabetic = true)
    public record Columns(
            @JsonProperty("features") List<String> features,
            @JsonProperty("target") String target) {
    }

    /** The recorded evaluation metric {@code name}, NaN when the evaluation has no such number. */
    double metric(String name) {
        return metrics.get(name) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
