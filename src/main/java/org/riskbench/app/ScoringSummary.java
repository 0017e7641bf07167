package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The scoring stage's section of an analysis' summary ({@code scoring} in {@code processed/<id>.json}, the stored
 * summary and the API's result), in the order the stored summary has always had (the file sorts it).
 *
 * @param counts         rows per final class, every class of the rules' order present; a map because the classes are
 *                       the guardrail rules' own names
 * @param guardrailsRules each rule, in words, keyed by the rule's name (the rules file names them)
 * @param guardrailsSource the rules file, or {@code bundled defaults}
 * @param timingsMs      milliseconds per step of the scoring, keyed by step as the shared scorer names them; absent
 *                       in the part written before the per-row list
 */
@JsonPropertyOrder({"model_version", "row_count", "counts", "guardrails_raised", "guardrails_source", "guardrails_rules",
        "results_csv", "timings_ms"})
public record ScoringSummary(
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("row_count") long rowCount,
        @JsonProperty("counts") Map<String, Long> counts,
        @JsonProperty("guardrails_raised") long guardrailsRaised,
        @JsonProperty("guardrails_source") String guardrailsSource,
        @JsonProperty("guardrails_rules") Map<String, String> guardrailsRules,
        @JsonProperty("results_csv") String resultsCsv,
        @JsonProperty("timings_ms") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> timingsMs) {

    ScoringSummary withTimings(Map<String, Long> timings) {
        return new ScoringSummary(modelVersion, rowCount, counts, guardrailsRaised, guardrailsSource, guardrailsRules,
                resultsCsv, timings);
    }
}
