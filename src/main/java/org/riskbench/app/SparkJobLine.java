package org.riskbench.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.riskbench.core.Json;
import org.riskbench.core.model.JobRecord;

/** What {@code jobs show} and the Jobs screen say of a job run on Spark. */
public final class SparkJobLine {

    private SparkJobLine() {
    }

    /**
     * A job run on Spark: its application's id, state, UI address and master once it ended (from the result), else
     * the master it was sent to (the log follows the application's states); null for a job run on this computer.
     */
    public static String of(JobRecord job) {
        try {
            JsonNode result = job.resultJson() == null ? null : Json.MAPPER.readTree(job.resultJson()).get("spark");
            if (result != null && result.isObject()) {
                String ui = result.path("ui_url").asText("");
                return result.path("app_id").asText("?") + " " + result.path("state").asText("") + (ui.isEmpty() ? "" : ", UI " + ui)
                        + ", master " + result.path("master").asText("");
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
