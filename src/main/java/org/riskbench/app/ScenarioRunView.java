package org.riskbench.app;

import java.nio.file.Path;
import java.util.List;
import org.riskbench.engine.scenario.ScenarioMetrics;

/**
 * What a finished (or stopped) scenario run left in its output folder, as read back by
 * {@link ScenarioArtifactsReader}: the summary, the fitted model and one row per completed scenario.
 * Values that summary.json holds as null (no completed scenario, constant target) are null here too.
 *
 * @param status  {@code completed}, {@code timeout} or {@code cancelled} (from metadata.json; null if absent)
 * @param message why the run stopped early (from metadata.json), else null
 */
public record ScenarioRunView(
        Path outputDir,
        Summary summary,
        Model model,
        List<ScenarioMetrics> scenarios,
        String status,
        String message) {

    public ScenarioRunView {
        scenarios = List.copyOf(scenarios);
    }

    /** The top-level values of summary.json. */
    public record Summary(
            String configName,
            int numRows,
            int numScenarios,
            long seed,
            Double meanAvgScore,
            Double meanPHit,
            Double totalRuntimeSec,
            Integer bestScenarioId,
            Double bestAvgScore,
            String bestBy) {
    }

    /** One fitted coefficient with its standard error (null when the artifact has none). */
    public record Coefficient(String feature, double value, Double stdError) {
    }

    /** The {@code model} object of summary.json, coefficients in the input's feature order. */
    public record Model(
            List<Coefficient> coefficients,
            Double intercept,
            Double interceptStdError,
            Double r2,
            Double residualSd,
            Double ridge) {

        public Model {
            coefficients = List.copyOf(coefficients);
        }
    }
}
