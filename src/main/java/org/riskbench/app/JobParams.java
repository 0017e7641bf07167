package org.riskbench.app;

import java.util.LinkedHashMap;
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

    static Map<String, Object> asMap(Record params) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Json.convertInOrder(params, LinkedHashMap.class);
        return map;
    }
}
