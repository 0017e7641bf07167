package org.riskbench.spark;

import java.io.Serializable;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.riskbench.core.Json;
import org.riskbench.engine.scenario.ScenarioConfig;
import org.riskbench.engine.scenario.ScenarioInput;
import org.riskbench.engine.scenario.ScenarioKernel;

/**
 * What every task of a scenario run needs, as broadcast by the driver: the config (as its spec map, in JSON) and the
 * table's URI on the shared path (null: the run's synthetic table, generated from the seed). An executor reads the
 * table once, checks and fits it with {@link ScenarioInput#check} and builds the kernel as the local engine does; its
 * other tasks of the run reuse it.
 *
 * @param key    identifies the run within an executor JVM
 * @param configJson the config's spec map as JSON (input_path is replaced by the table's local copy)
 * @param table  the table's URI (file:, hdfs:, s3a:), or null for synthetic data
 */
record ScenarioInputs(String key, String configJson, String table) implements Serializable {
    private static final long serialVersionUID = 1L;
    /** One kernel per executor JVM and run. */
    private static final PerExecutor<ScenarioKernel> KERNEL = new PerExecutor<>();

    ScenarioKernel kernel(Configuration hadoop) {
        return KERNEL.get(key, () -> build(hadoop));
    }

    private ScenarioKernel build(Configuration hadoop) {
        ScenarioConfig c = scenarioConfig();
        if (table != null) {
            c = c.withInputPath(SharedFiles.local(table, hadoop));
        }
        return ScenarioKernel.of(c, ScenarioInput.check(c));
    }

    ScenarioConfig scenarioConfig() {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = Json.MAPPER.readValue(configJson, Map.class);
            return ScenarioConfig.fromMap(map);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the broadcast scenario config is not JSON: " + e.getMessage(), e);
        }
    }
}
