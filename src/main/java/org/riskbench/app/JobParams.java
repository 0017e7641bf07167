package org.riskbench.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.riskbench.core.Json;

/**
 * A job's parameters are a record of its service's ({@code CalibrationService.Params}, {@code TabularService.TrainParams},
 * ...), turned into a map where they are handed over: the jobs layer stores every kind's parameters (and adds its own,
 * {@code overwrite} on a retry) and the run index keeps a tracked run's as one open set of names that queries and the
 * Runs screen address by name. The map keeps the record's order, so the stored JSON is the record's.
 */
final class JobParams {
    private JobParams() {
    }

    /**
     * A stored job's parameters read back into its record, for a retry; {@code what} names the job in the message
     * ("a calibration") should they not be such parameters.
     */
    static <T extends Record> T read(JsonNode stored, Class<T> type, String what) {
        try {
            return Json.MAPPER.treeToValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not " + what + "'s parameters: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> asMap(Record params) {
        return Json.toMapInOrder(params);
    }
}
