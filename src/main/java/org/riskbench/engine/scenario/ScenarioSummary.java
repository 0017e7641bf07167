package org.riskbench.engine.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Run summary ({@code summary.json}). Over completed scenarios only; with none completed the means and the best
 * scenario are null. Best scenario: highest {@code avg_score} or {@code p_hit}, lowest {@code rmse}; ties go to
 * the lowest scenario id. {@code total_runtime_sec} is wall time from start of the run (reading included) to the
 * end of the scenarios. Its JSON keys are those of {@code summary.json} (written with the model by
 * {@link ScenarioSummaryFile}); a Spark driver sends it back to the app in its result.
 */
@JsonPropertyOrder({"config_name", "num_rows", "num_scenarios", "seed", "mean_avg_score", "mean_p_hit", "total_runtime_sec",
        "avg_scenario_runtime_sec", "max_scenario_runtime_sec", "best_by", "best_scenario_id", "best_avg_score"})
public record ScenarioSummary(
        @JsonProperty("config_name") String configName,
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
        @JsonProperty("best_by") String bestBy) {

    static ScenarioSummary of(ScenarioConfig config, int numRows, List<ScenarioMetrics> runs, double totalRuntimeSec) {
        if (runs.isEmpty()) {
            return new ScenarioSummary(config.name(), numRows, 0, config.seed(), null, null, totalRuntimeSec, null,
                    null, null, null, config.bestBy());
        }
        double sumAvg = 0;
        double sumHit = 0;
        double sumRt = 0;
        double maxRt = 0;
        ScenarioMetrics best = null;
        boolean lowerIsBetter = config.bestBy().equals("rmse");
        for (ScenarioMetrics m : runs) { // runs are in scenario order
            sumAvg += m.avgScore();
            sumHit += m.pHit();
            sumRt += m.runtimeSec();
            maxRt = Math.max(maxRt, m.runtimeSec());
            if (best == null) {
                best = m;
            } else {
                double v = m.metric(config.bestBy());
                double bv = best.metric(config.bestBy());
                if (lowerIsBetter ? v < bv : v > bv) {
                    best = m;
                }
            }
        }
        int k = runs.size();
        return new ScenarioSummary(config.name(), numRows, k, config.seed(), sumAvg / k, sumHit / k, totalRuntimeSec,
                sumRt / k, maxRt, best.scenarioId(), best.avgScore(), config.bestBy());
    }
}
