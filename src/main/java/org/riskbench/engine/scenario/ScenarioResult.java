package org.riskbench.engine.scenario;

import java.nio.file.Path;
import java.util.List;

/**
 * Outcome of {@link ScenarioEngine#run}: the model, the completed scenarios in scenario order, the summary, and
 * how the run ended. A {@link Status#TIMEOUT} or {@link Status#CANCELLED} result still has its completed
 * scenarios and artifacts; the job layer fails (or cancels) the job with {@link #message()}.
 */
public record ScenarioResult(
        ScenarioConfig config,
        Status status,
        String message,
        LinearModel model,
        List<ScenarioMetrics> runs,
        ScenarioSummary summary,
        InputInfo input,
        Path outputDir,
        int threads) {

    /** How a run ended; {@link #label()} is the string written to {@code metadata.json}. */
    public enum Status {
        COMPLETED, TIMEOUT, CANCELLED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Provenance of the input table. {@code note} explains a fallback to synthetic data, else null; {@code warnings}
     * are what the user was told about the input (see {@link ScenarioInput#warnings()}).
     */
    public record InputInfo(
            Path path,
            String sha256,
            boolean synthetic,
            String note,
            String target,
            List<String> features,
            long rowsRead,
            int rowsUsed,
            long droppedRows,
            List<ScenarioData.IgnoredColumn> ignoredColumns,
            List<java.util.Map<String, String>> sample,
            List<String> warnings) {
    }

    public ScenarioResult {
        runs = List.copyOf(runs);
    }

    public boolean completed() {
        return status == Status.COMPLETED;
    }
}
