package org.riskbench.engine.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The monitor step's {@code models/monitor/report.json}, every key sorted as the file has always had them.
 *
 * @param batch    the batch file monitored
 * @param features the drift of each monitored feature; a map because the project names its columns
 * @param metrics  the step's metrics by name (drift per feature, prediction drift, the batch's scores); a map because
 *                 the step names them per feature and per model kind
 * @param triggers why the trigger fired, one sentence per limit passed; empty when it did not
 */
@JsonPropertyOrder(alphabetic = true)
public record MonitorReport(
        @JsonProperty("batch") String batch,
        @JsonProperty("batch_rows") int batchRows,
        @JsonProperty("features") Map<String, FeatureDrift> features,
        @JsonProperty("metrics") Map<String, Object> metrics,
        @JsonProperty("triggered") boolean triggered,
        @JsonProperty("triggers") List<String> triggers) {

    /** A feature's drift from the training data: PSI, and the KS test for a numeric feature. */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeatureDrift(
            @JsonProperty("ks_pvalue") Double ksPvalue,
            @JsonProperty("ks_statistic") Double ksStatistic,
            @JsonProperty("psi") double psi) {
    }
}
