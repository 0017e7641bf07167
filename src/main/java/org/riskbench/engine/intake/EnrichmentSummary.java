package org.riskbench.engine.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What the enricher tells about a table it enriched: counts, the dates it spans, the amount, the rows each rule flags,
 * the features it computed, the config's limits and the file's own labels; the inbox adds {@code rows_in} and
 * {@code skipped_rows} before writing it into a queued analysis' manifest, from where it goes into the processed
 * document and the stored summary. Every file has always had its keys sorted (it was a map written by
 * {@link org.riskbench.core.Json#MAPPER}), hence the alphabetical order.
 *
 * @param dateMin     the first day (ISO date), null for a table without rows
 * @param dateMax     the last day, likewise
 * @param labels      rows per label, keyed by the file's own label values (open: the file decides them); null when the
 *                    file has no label column, and then left out
 * @param rowsIn      data rows read, enriched or skipped (set by the inbox; left out when not set)
 * @param skippedRows the first skipped rows, one sentence each with its line (set by the inbox; left out when not set)
 */
@JsonPropertyOrder(alphabetic = true)
public record EnrichmentSummary(
        @JsonProperty("rows_enriched") long rowsEnriched,
        @JsonProperty("rows_skipped") long rowsSkipped,
        @JsonProperty("customers") long customers,
        @JsonProperty("date_min") String dateMin,
        @JsonProperty("date_max") String dateMax,
        @JsonProperty("amount_total") double amountTotal,
        @JsonProperty("above_threshold_rows") long aboveThresholdRows,
        @JsonProperty("just_below_threshold_rows") long justBelowThresholdRows,
        @JsonProperty("cash_rows") long cashRows,
        @JsonProperty("cash_above_limit_rows") long cashAboveLimitRows,
        @JsonProperty("features") List<String> features,
        @JsonProperty("cash_limit") double cashLimit,
        @JsonProperty("default_threshold") double defaultThreshold,
        @JsonProperty("labels") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> labels,
        @JsonProperty("rows_in") @JsonInclude(JsonInclude.Include.NON_NULL) Long rowsIn,
        @JsonProperty("skipped_rows") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> skippedRows) {

    /** With the rows read and the first skipped rows' sentences, as the inbox queues it. */
    public EnrichmentSummary withInput(long rowsIn, List<String> skippedRows) {
        return new EnrichmentSummary(rowsEnriched, rowsSkipped, customers, dateMin, dateMax, amountTotal,
                aboveThresholdRows, justBelowThresholdRows, cashRows, cashAboveLimitRows, features, cashLimit,
                defaultThreshold, labels, rowsIn, skippedRows);
    }
}
