package org.riskbench.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.riskbench.core.Json;
import org.riskbench.core.model.JobRecord;

/** What {@code jobs show} and the Jobs screen say of a job run on Spark. */
public final class SparkJobLine {

    private SparkJobLine() {
    }

    /** The application a job's result names, or null (a local job's result, or one that is not an object). */
    private static SparkReply.Application application(String resultJson) {
        if (resultJson == null) {
            return null;
        }
        try {
            RanOnSpark result = Json.MAPPER.readValue(resultJson, RanOnSpark.class);
            return result == null ? null : result.spark();
        } catch (IOException e) {
            return null;
        }
    }

    /** Any job's result as far as this line goes: the application, for a job that ran on Spark. */
    record RanOnSpark(@com.fasterxml.jackson.annotation.JsonProperty("spark") SparkReply.Application spark) {
    }

    /**
     * A job run on Spark: its application's id, state, UI address and master once it ended (from the result), else
     * the master it was sent to (the log follows the application's states); null for a job run on this computer.
     */
    public static String of(JobRecord job) {
        try {
            SparkReply.Application spark = application(job.resultJson());
            if (spark != null) {
                return spark.line();
            }
            JsonNode params = job.paramsJson() == null ? null : Json.MAPPER.readTree(job.paramsJson());
            if (params != null && params.hasNonNull("spark_master")) {
                return "on " + params.get("spark_master").asText() + " (the application's id, states and UI in the log)";
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
