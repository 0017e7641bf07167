package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.riskbench.core.Json;
import org.riskbench.engine.scenario.ScenarioSummary;

/**
 * The result of a scenario job (stored with the job, read by {@code scenario run}, the Jobs screen and the API): the
 * numbers of the run's {@code summary.json} in its order, a value left out when the run has none (no scenario
 * completed), and for a run on Spark the application under {@code spark}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"num_rows", "num_scenarios", "seed", "mean_avg_score", "mean_p_hit", "total_runtime_sec",
        "avg_scenario_runtime_sec", "max_scenario_runtime_sec", "best_scenario_id", "best_avg_score", "spark"})
public record ScenarioJobResult(
        @JsonProperty("num_rows") int numRows,
        @JsonProperty("num_scenarios") int numScenarios,
        @JsonProperty("seed") long seed,
        @JsonProperty("mean_avg_score") Double meanAvgScore,
        @JsonProperty("mean_p_hit") Double meanPHit,
        @JsonProperty("total_runtime_sec") double totalRuntimeSec,
        @JsonProperty("avg_scenario_runtime_sec") Double avgScenarioRuntimeSec,
        @JsonProperty("max_scenario_runtime_sec") Double maxScenarioRuntimeSec,
        @JsonProperty("best_scenario_id") Integer bestScenarioId,
        @JsonProperty("best_avg_score") Double bestAvgScore,
        @JsonProperty("spark") SparkReply.Application spark) {

    /**
     * What a Spark driver's {@code result.json} holds for a scenario run (written by the spark module's driver, read
     * here): the run's status and message, and its summary.
     *
     * @param status  the run's status label ({@code completed}, {@code timeout}, {@code cancelled})
     * @param summary the run's summary, keyed as {@code summary.json}
     */
    public record DriverResult(
            @JsonProperty("status") String status,
            @JsonProperty("message") String message,
            @JsonProperty("summary") ScenarioSummary summary) {
    }

    static ScenarioJobResult of(ScenarioSummary s) {
        return ofSpark(s, null);
    }

    /** A completed run's summary a Spark driver sent back, with its application (null: a run on this computer). */
    static ScenarioJobResult ofSpark(ScenarioSummary s, SparkReply.Application spark) {
        return new ScenarioJobResult(s.numRows(), s.numScenarios(), s.seed(), s.meanAvgScore(), s.meanPHit(),
                s.totalRuntimeSec(), s.avgScenarioRuntimeSec(), s.maxScenarioRuntimeSec(), s.bestScenarioId(),
                s.bestAvgScore(), spark);
    }

    /** A stored result read back (a job's {@code result_json}). */
    public static ScenarioJobResult fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, ScenarioJobResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a scenario job result: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The tracked run's metrics: the same numbers, keyed as the result; a map because the run store keeps every kind's
     * metrics as one open set of names that queries ({@code metrics.num_rows > 1000}) and the Runs screen's columns use.
     */
    Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("num_rows", numRows);
        m.put("num_scenarios", numScenarios);
        m.put("seed", seed);
        putIfSet(m, "mean_avg_score", meanAvgScore);
        putIfSet(m, "mean_p_hit", meanPHit);
        m.put("total_runtime_sec", totalRuntimeSec);
        putIfSet(m, "avg_scenario_runtime_sec", avgScenarioRuntimeSec);
        putIfSet(m, "max_scenario_runtime_sec", maxScenarioRuntimeSec);
        putIfSet(m, "best_scenario_id", bestScenarioId);
        putIfSet(m, "best_avg_score", bestAvgScore);
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
