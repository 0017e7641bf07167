package org.riskbench.engine.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.riskbench.core.Json;

/**
 * {@code summary.json} of a scenario run: the run's {@link ScenarioSummary} and the fitted model, every key sorted as
 * the file has always had them; a number that is not finite is null (JSON has no NaN).
 */
@JsonPropertyOrder(alphabetic = true)
public record ScenarioSummaryFile(
        @JsonProperty("avg_scenario_runtime_sec") Double avgScenarioRuntimeSec,
        @JsonProperty("best_avg_score") Double bestAvgScore,
        @JsonProperty("best_by") String bestBy,
        @JsonProperty("best_scenario_id") Integer bestScenarioId,
        @JsonProperty("config_name") String configName,
        @JsonProperty("max_scenario_runtime_sec") Double maxScenarioRuntimeSec,
        @JsonProperty("mean_avg_score") Double meanAvgScore,
        @JsonProperty("mean_p_hit") Double meanPHit,
        @JsonProperty("model") Model model,
        @JsonProperty("num_rows") int numRows,
        @JsonProperty("num_scenarios") int numScenarios,
        @JsonProperty("seed") long seed,
        @JsonProperty("total_runtime_sec") Double totalRuntimeSec) {

    /**
     * The fitted linear model.
     *
     * @param coefficients by feature name (the input's columns name them)
     * @param stdErrors    by feature name, likewise
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Model(
            @JsonProperty("coefficients") Map<String, Double> coefficients,
            @JsonProperty("intercept") Double intercept,
            @JsonProperty("intercept_std_error") Double interceptStdError,
            @JsonProperty("num_rows") int numRows,
            @JsonProperty("r2") Double r2,
            @JsonProperty("residual_sd") Double residualSd,
            @JsonProperty("ridge") Double ridge,
            @JsonProperty("std_errors") Map<String, Double> stdErrors) {

        static Model of(LinearModel m) {
            Map<String, Double> coefficients = new LinkedHashMap<>();
            m.coefficientsByFeature().forEach((name, v) -> coefficients.put(name, finite(v)));
            Map<String, Double> se = new LinkedHashMap<>();
            double[] s = m.stdErrors();
            for (int j = 0; j < s.length; j++) {
                se.put(m.featureNames().get(j), finite(s[j]));
            }
            return new Model(coefficients, finite(m.intercept()), finite(m.interceptStdError()), m.rows(), finite(m.r2()),
                    finite(m.residualSd()), finite(m.ridge()), se);
        }
    }

    static ScenarioSummaryFile of(ScenarioSummary s, LinearModel model) {
        return new ScenarioSummaryFile(finite(s.avgScenarioRuntimeSec()), finite(s.bestAvgScore()), s.bestBy(),
                s.bestScenarioId(), s.configName(), finite(s.maxScenarioRuntimeSec()), finite(s.meanAvgScore()),
                finite(s.meanPHit()), Model.of(model), s.numRows(), s.numScenarios(), s.seed(), finite(s.totalRuntimeSec()));
    }

    /** Reads a run's {@code summary.json} (of any version of this writer: unknown keys are ignored). */
    public static ScenarioSummaryFile read(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), ScenarioSummaryFile.class);
    }

    /** Null for a number that is not finite. */
    static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }
}
