package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.riskbench.core.Json;

/**
 * What a Spark application sends back to the job that submitted it ({@link SparkRunner#run}): the driver's
 * {@code result.json}, read into the workload's record (the same record the driver wrote it from: a calibration's
 * {@link CalibrationJobResult}, a scenario run's {@link ScenarioJobResult.DriverResult}, an inference's
 * {@link SparkInferenceResult.DriverResult}), and the application that ran it.
 *
 * @param result the driver's result document
 * @param spark  the application, as the job results keep it under {@code spark}
 */
public record SparkReply<T>(T result, Application spark) {

    /**
     * A Spark application as a job's result names it, in the order the results have always had.
     *
     * @param appId Spark's application id
     * @param state its final state, in lower case ({@code finished})
     * @param uiUrl its web UI's address; empty when the driver said it has none, null when it never said
     * @param master the master it ran on
     */
    @JsonPropertyOrder({"app_id", "state", "ui_url", "master"})
    public record Application(
            @JsonProperty("app_id") String appId,
            @JsonProperty("state") String state,
            @JsonProperty("ui_url") String uiUrl,
            @JsonProperty("master") String master) {

        /** {@code jobs show}'s and the Jobs screen's line: id, state, UI address (when there is one), master. */
        String line() {
            String ui = uiUrl == null ? "" : uiUrl;
            return (appId == null ? "?" : appId) + " " + (state == null ? "" : state) + (ui.isEmpty() ? "" : ", UI " + ui)
                    + ", master " + (master == null ? "" : master);
        }
    }

    /**
     * The driver's {@code result.json} read as a {@code type} (keys it does not know are ignored, so a driver of a
     * newer version is still read), with the application that wrote it.
     */
    static <T> SparkReply<T> read(Path resultFile, Class<T> type, Application spark) {
        try {
            return new SparkReply<>(Json.MAPPER.readValue(resultFile.toFile(), type), spark);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Spark driver's summary: " + e.getMessage(), e);
        }
    }
}
