package org.riskbench.engine.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A project run's {@code runs/<run_id>/run.json} (docs/spec/tracking.md), every key sorted as the file has always had
 * them; {@code error} only for a run that ended with one. Written and read by {@link RunFolder}.
 *
 * @param config  the project.yaml snapshot the run started with
 * @param metrics every step's metrics as {@code step.metric}; a map because steps name their metrics (and a column
 *                per source or per class)
 * @param params  the project's parameters, flattened ({@code prepare.seed}); the project's free keys
 */
@JsonPropertyOrder(alphabetic = true)
public record ProjectRun(
        @JsonProperty("artifacts") List<Artifact> artifacts,
        @JsonProperty("config") String config,
        @JsonProperty("config_sha256") String configSha256,
        @JsonProperty("ended_at") String endedAt,
        @JsonProperty("error") @JsonInclude(JsonInclude.Include.NON_NULL) String error,
        @JsonProperty("id") String id,
        @JsonProperty("metrics") Map<String, Object> metrics,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("project") String project,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("status") String status,
        @JsonProperty("steps") List<Step> steps) {

    public ProjectRun {
        artifacts = artifacts == null ? new ArrayList<>() : new ArrayList<>(artifacts);
        metrics = metrics == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metrics);
        params = params == null ? new LinkedHashMap<>() : params;
        steps = steps == null ? new ArrayList<>() : new ArrayList<>(steps);
    }

    /**
     * One execution of a step: {@code error} when it failed, {@code metrics} when it produced any result,
     * {@code triggers} when a monitor limit fired, {@code warnings} when it had some.
     *
     * @param metrics the step's metrics by name (the step names them)
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(
            @JsonProperty("error") String error,
            @JsonProperty("finished_at") String finishedAt,
            @JsonProperty("metrics") Map<String, Object> metrics,
            @JsonProperty("status") String status,
            @JsonProperty("step") String step,
            @JsonProperty("triggers") List<String> triggers,
            @JsonProperty("warnings") List<String> warnings) {
    }

    /** A file a step wrote: its path relative to the project, size, SHA-256 and the step. */
    @JsonPropertyOrder(alphabetic = true)
    public record Artifact(
            @JsonProperty("path") String path,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("size") long size,
            @JsonProperty("step") String step) {
    }

    ProjectRun ended(String newStatus, String at, String why) {
        return new ProjectRun(artifacts, config, configSha256, at, why == null ? error : why, id, metrics, params, project,
                startedAt, newStatus, steps);
    }
}
