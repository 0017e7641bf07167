package org.riskbench.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.core.InputException;

/**
 * Where to run a job on Spark: the master ({@code local[N]}, {@code spark://host:port}, {@code yarn},
 * {@code k8s://...}) and the {@code --spark-conf KEY=VALUE} settings, checked before any job is made.
 *
 * @param master the master URL
 * @param conf   Spark settings, in the order given
 */
public record SparkTarget(String master, Map<String, String> conf) {

    public SparkTarget {
        if (master == null || master.isBlank()) {
            throw new InputException("--spark needs a master (local[2], spark://host:7077, yarn, k8s://https://host:443)"
                    + " or the workspace setting " + SparkSettings.MASTER + ".");
        }
        master = master.strip();
        if (!(master.matches("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?\\])?") || master.startsWith("spark://")
                || master.equals("yarn") || master.startsWith("k8s://"))) {
            throw new InputException("--spark '" + org.riskbench.core.Texts.abbreviate(master) + "' is not a Spark master:"
                    + " use local[N], spark://host:port, yarn or k8s://https://host:port.");
        }
        conf = Map.copyOf(conf);
    }

    /** Parses the {@code --spark-conf} items: each {@code spark.KEY=VALUE}; a bad one is named. */
    public static SparkTarget of(String master, List<String> confItems) {
        Map<String, String> conf = new LinkedHashMap<>();
        for (String item : confItems == null ? List.<String>of() : confItems) {
            int eq = item.indexOf('=');
            String key = eq < 0 ? item.strip() : item.substring(0, eq).strip();
            if (eq < 0 || key.isEmpty() || eq == item.length() - 1) {
                throw new InputException("--spark-conf '" + org.riskbench.core.Texts.abbreviate(item)
                        + "' is not KEY=VALUE (for example spark.executor.memory=2g).");
            }
            if (!key.startsWith("spark.")) {
                throw new InputException("--spark-conf '" + org.riskbench.core.Texts.abbreviate(key)
                        + "' is not a Spark setting: keys start with 'spark.' (for example spark.executor.cores=2).");
            }
            conf.put(key, item.substring(eq + 1).strip());
        }
        return new SparkTarget(master, conf);
    }
}
