package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.riskbench.core.Json;
import org.riskbench.engine.acceptance.DriftWatch;
import org.riskbench.engine.acceptance.ReplaySummary;

/**
 * The result of a replay job (stored with the job, read by {@code replay}, the Jobs screen and the API): the replay's
 * summary, with the keys of its {@code summary.json} in the spec's order, then the profile's drift watch after this
 * run. Written through {@link ReplaySummary#toJson()}, the one definition of the summary's keys, so the job result and
 * the artifact cannot drift apart.
 */
public record ReplayJobResult(ReplaySummary summary, DriftWatch.Phase driftWatchState, double coverageAbsErrEma) {

    @JsonValue
    public ObjectNode toJson() {
        ObjectNode o = summary.toJson();
        o.put("drift_watch_state", driftWatchState.name());
        o.put("coverage_abs_err_ema", coverageAbsErrEma);
        return o;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ReplayJobResult fromJson(JsonNode o) {
        return new ReplayJobResult(ReplaySummary.fromJson(o), DriftWatch.Phase.valueOf(o.path("drift_watch_state").asText()),
                o.path("coverage_abs_err_ema").asDouble());
    }

    /** A stored result read back (a job's {@code result_json}). */
    public static ReplayJobResult fromJson(String json) {
        try {
            return fromJson(Json.MAPPER.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a replay job result: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The tracked run's metrics, the same keys; a map because the run store keeps every kind's metrics as one open set
     * of names that run queries ({@code metrics.coverage_abs_err < 0.01}) and the Runs screen's columns use.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> metrics() {
        return Json.MAPPER.convertValue(toJson(), Map.class);
    }
}
