package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import org.riskbench.core.Json;
import org.riskbench.engine.pipeline.StepResult;

/**
 * The result of a project step job (stored with the job, read by {@code step}, the Projects screen and the API): the
 * project run and whether it is still open; for a step (not for only starting or ending a run) its metrics, how many
 * artifacts it wrote, its log, warnings and monitor triggers.
 *
 * @param metrics the step's metrics by name: a map because each step and each project's own metrics name their
 *                figures (user-named metric columns, per-class counts)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"run_id", "run_open", "metrics", "artifacts", "log", "warnings", "trigger_fired", "triggers"})
public record ProjectStepJobResult(
        @JsonProperty("run_id") String runId,
        @JsonProperty("run_open") boolean runOpen,
        @JsonProperty("metrics") Map<String, Object> metrics,
        @JsonProperty("artifacts") Integer artifacts,
        @JsonProperty("log") List<String> log,
        @JsonProperty("warnings") List<String> warnings,
        @JsonProperty("trigger_fired") Boolean triggerFired,
        @JsonProperty("triggers") List<String> triggers) {

    static ProjectStepJobResult of(String runId, boolean runOpen, StepResult step) {
        if (step == null) {
            return new ProjectStepJobResult(runId, runOpen, null, null, null, null, null, null);
        }
        return new ProjectStepJobResult(runId, runOpen, step.metrics, step.artifacts.size(), step.log, step.warnings,
                step.triggered(), step.triggers);
    }

    /** A stored result read back (a job's {@code result_json}). */
    public static ProjectStepJobResult fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, ProjectStepJobResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a project step job result: " + e.getOriginalMessage(), e);
        }
    }

    /** Whether the step's monitor trigger fired (false for a start or end of a run). */
    public boolean fired() {
        return Boolean.TRUE.equals(triggerFired);
    }

    /** The step's log lines, warnings and triggers; empty for a start or end of a run. */
    public List<String> logLines() {
        return log == null ? List.of() : log;
    }

    public List<String> warningLines() {
        return warnings == null ? List.of() : warnings;
    }

    public List<String> triggerLines() {
        return triggers == null ? List.of() : triggers;
    }
}
