package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import org.riskbench.core.Json;

/** What the general-model (tabular) jobs return and write: the job results of training and scoring, the scoring summary. */
public final class TabularJobResults {
    private TabularJobResults() {
    }

    /**
     * The result of a training job: the model version, its bundle's folder, the headline metrics and the warnings.
     *
     * @param metrics the bundle's headline ({@code TabularBundle.headline}): a map because its cross-validation and
     *                holdout parts are keyed by the names of the compared models and of their metrics
     */
    @JsonPropertyOrder({"version", "bundle", "metrics", "warnings"})
    public record Train(
            @JsonProperty("version") String version,
            @JsonProperty("bundle") String bundle,
            @JsonProperty("metrics") Map<String, Object> metrics,
            @JsonProperty("warnings") List<String> warnings) {

        public static Train fromJson(String json) {
            return read(json, Train.class, "a training job result");
        }
    }

    /**
     * The result of a scoring job: the results CSV, the summary file, rows scored, rows per class, the warnings and
     * the model version.
     *
     * @param counts rows per predicted class, keyed by the model's class names (open: the user's labels)
     */
    @JsonPropertyOrder({"results", "summary", "rows", "counts", "warnings", "model_version"})
    public record Score(
            @JsonProperty("results") String results,
            @JsonProperty("summary") String summary,
            @JsonProperty("rows") long rows,
            @JsonProperty("counts") Map<String, Long> counts,
            @JsonProperty("warnings") List<String> warnings,
            @JsonProperty("model_version") String modelVersion) {

        public static Score fromJson(String json) {
            return read(json, Score.class, "a scoring job result");
        }
    }

    /**
     * {@code <stem>_summary.json} beside a scoring's results: keys in alphabetical order, as the file has always had
     * them (it was a map written with sorted keys).
     *
     * @param counts rows per predicted class, keyed by the model's class names (open: the user's labels)
     */
    @JsonPropertyOrder(alphabetic = true)
    public record ScoreSummary(
            @JsonProperty("file") String file,
            @JsonProperty("model_version") String modelVersion,
            @JsonProperty("label") String label,
            @JsonProperty("rows") long rows,
            @JsonProperty("counts") Map<String, Long> counts,
            @JsonProperty("mean_anomaly_score") double meanAnomalyScore,
            @JsonProperty("warnings") List<String> warnings) {
    }

    private static <T> T read(String json, Class<T> type, String what) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not " + what + ": " + e.getOriginalMessage(), e);
        }
    }
}
