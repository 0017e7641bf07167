package org.riskbench.engine.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The inspect step's column report, {@code data/interim/inspect/<table>.json}, every key sorted as the file has always
 * had them.
 *
 * @param columns each column's profile; a map because the project's table names its columns
 */
@JsonPropertyOrder(alphabetic = true)
public record InspectReport(
        @JsonProperty("columns") Map<String, ColumnProfile> columns,
        @JsonProperty("rows") int rows,
        @JsonProperty("table") String table) {

    /**
     * One column: counts and its chart for every column; min, max, mean, std, quantiles and a histogram for a numeric
     * one; the most frequent values for a categorical one.
     *
     * @param top the most frequent values with their counts; a map because the column's values are its keys
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ColumnProfile(
            @JsonProperty("chart") String chart,
            @JsonProperty("count") int count,
            @JsonProperty("distinct") int distinct,
            @JsonProperty("histogram") Histogram histogram,
            @JsonProperty("max") Double max,
            @JsonProperty("mean") Double mean,
            @JsonProperty("min") Double min,
            @JsonProperty("missing") int missing,
            @JsonProperty("quantiles") Quantiles quantiles,
            @JsonProperty("std") Double std,
            @JsonProperty("top") Map<String, Integer> top,
            @JsonProperty("type") String type) {
    }

    /** Equal-width bins from the minimum to the maximum: {@code bins + 1} edges, a count per bin. */
    @JsonPropertyOrder(alphabetic = true)
    public record Histogram(
            @JsonProperty("counts") double[] counts,
            @JsonProperty("edges") List<Double> edges) {
    }

    /** The 5th, 25th, 50th, 75th and 95th percentiles. */
    @JsonPropertyOrder(alphabetic = true)
    public record Quantiles(
            @JsonProperty("p05") double p05,
            @JsonProperty("p25") double p25,
            @JsonProperty("p50") double p50,
            @JsonProperty("p75") double p75,
            @JsonProperty("p95") double p95) {
    }
}
