package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.core.Json;

/**
 * The result of an inference on Spark (stored with the job, read by {@code infer --spark}, the Jobs screen and the
 * API): what the driver reports, in its file's (alphabetical) order, then the application under {@code spark}. The
 * job's {@code summary.json} holds the same keys, all sorted ({@link #summaryFile}).
 *
 * @param counts    rows per class, keyed by the model's class names (open: the model decides them)
 * @param timingsMs milliseconds per phase of the driver, keyed by phase (the driver names them as it runs)
 * @param parquet   null when nothing was scored
 */
@JsonPropertyOrder({"counts", "csv", "guardrails_raised", "input", "model_version", "output", "parquet", "partitions",
        "row_count", "rows_not_scored", "timings_ms", "spark"})
public record SparkInferenceResult(
        @JsonProperty("counts") Map<String, Long> counts,
        @JsonProperty("csv") String csv,
        @JsonProperty("guardrails_raised") long guardrailsRaised,
        @JsonProperty("input") String input,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("output") String output,
        @JsonProperty("parquet") String parquet,
        @JsonProperty("partitions") int partitions,
        @JsonProperty("row_count") long rowCount,
        @JsonProperty("rows_not_scored") int rowsNotScored,
        @JsonProperty("timings_ms") Map<String, Long> timingsMs,
        @JsonProperty("spark") SparkReply.Application spark) {

    /**
     * What the Spark driver's {@code result.json} holds for an inference (written by the spark module's driver, read
     * here): the result's keys but {@code spark}, and the first rows of the results.
     *
     * @param counts    rows per class, keyed by the model's class names (open: the model decides them)
     * @param timingsMs milliseconds per phase of the driver, keyed by phase (the driver names them as it runs)
     * @param parquet   null when nothing was scored
     * @param sampleCsv the results' header line and first rows, in row order ({@code sample.csv})
     */
    public record DriverResult(
            @JsonProperty("input") String input,
            @JsonProperty("output") String output,
            @JsonProperty("csv") String csv,
            @JsonProperty("parquet") String parquet,
            @JsonProperty("model_version") String modelVersion,
            @JsonProperty("row_count") long rowCount,
            @JsonProperty("counts") Map<String, Long> counts,
            @JsonProperty("guardrails_raised") long guardrailsRaised,
            @JsonProperty("rows_not_scored") int rowsNotScored,
            @JsonProperty("partitions") int partitions,
            @JsonProperty("sample_csv") List<String> sampleCsv,
            @JsonProperty("timings_ms") Map<String, Long> timingsMs) {
    }

    /** What the Spark application sent back: the driver's result (its sample goes to {@code sample.csv}) and the application. */
    static SparkInferenceResult of(SparkReply<DriverResult> reply) {
        DriverResult r = reply.result();
        return new SparkInferenceResult(r.counts(), r.csv(), r.guardrailsRaised(), r.input(), r.modelVersion(), r.output(),
                r.parquet(), r.partitions(), r.rowCount(), r.rowsNotScored(), r.timingsMs(), reply.spark());
    }

    /** A stored result read back (a job's {@code result_json}). */
    public static SparkInferenceResult fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, SparkInferenceResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a Spark inference result: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code summary.json}: a map, so {@link Json#write} sorts every level's keys as the file has always had them. */
    @SuppressWarnings("unchecked")
    Map<String, Object> summaryFile() {
        return Json.MAPPER.convertValue(this, LinkedHashMap.class);
    }

    /**
     * The tracked run's metrics: rows, raises, a {@code count_<class>} per class and the total time; a map because the
     * run store keeps metrics as one open set of names, here with the model's class names in them.
     */
    Map<String, Object> metrics() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("row_count", rowCount);
        metrics.put("guardrails_raised", guardrailsRaised);
        if (counts != null) {
            counts.forEach((k, v) -> metrics.put("count_" + k, v));
        }
        if (timingsMs != null && timingsMs.get("total") != null) {
            metrics.put("total_ms", timingsMs.get("total"));
        }
        return metrics;
    }
}
