package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.riskbench.core.Json;

/**
 * Why an analysis failed: {@code failed/<id>_error.json} (its keys sorted, as the file has always had them) and the
 * error stored with the analysis (in this order).
 *
 * @param message one sentence without internal paths
 */
@JsonPropertyOrder({"analysis_id", "stage", "message", "failed_at"})
public record AnalysisError(
        @JsonProperty("analysis_id") String analysisId,
        @JsonProperty("stage") String stage,
        @JsonProperty("message") String message,
        @JsonProperty("failed_at") String failedAt) {

    /** {@code stage: message}, as the CLI, the GUI and the API say it. */
    public String describe() {
        return stage + ": " + message;
    }

    /** Writes the error file: a map, so {@link Json#write} sorts its keys as the file has always had them. */
    @SuppressWarnings("unchecked")
    void writeFile(Path target) {
        Json.write(target, Json.MAPPER.convertValue(this, LinkedHashMap.class));
    }

    static AnalysisError read(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), AnalysisError.class);
    }
}
