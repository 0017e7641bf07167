package org.riskbench.engine.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run summary ({@code summary.json}). Over completed scenarios only; with none completed the means and the best
 * scenario are null. Best scenario: highest {@code avg_score} or {@code p_hit}, lowest {@code rmse}; ties go to
 * the lowest scenario id. {@code total_runtime_sec} is wall time from start of the run (reading included) to the
 * end of the scenarios.
 */
public record ScenarioSummary(
        String configName,
        int numRows,
        int numScenarios,
        long seed,
        Double meanAvgScore,
        Double meanPHit,
        double totalRuntimeSec,
        Double avgScenarioRuntimeSec,
        Double maxScenarioRuntimeSec,
        Integer bestScenarioId,
        Double bestAvgScore,
        String bestBy) {

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

    /** The {@code summary.json} object (without the model, which the artifact writer adds). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config_name", configName);
        m.put("num_rows", numRows);
        m.put("num_scenarios", numScenarios);
        m.put("seed", seed);
        m.put("mean_avg_score", meanAvgScore);
        m.put("mean_p_hit", meanPHit);
        m.put("total_runtime_sec", totalRuntimeSec);
        m.put("avg_scenario_runtime_sec", avgScenarioRuntimeSec);
        m.put("max_scenario_runtime_sec", maxScenarioRuntimeSec);
        m.put("best_by", bestBy);
        m.put("best_scenario_id", bestScenarioId);
        m.put("best_avg_score", bestAvgScore);
        return m;
    }
}
