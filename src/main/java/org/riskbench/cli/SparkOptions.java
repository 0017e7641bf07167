package org.riskbench.cli;

import java.util.List;
import org.riskbench.app.SparkTarget;
import org.riskbench.core.InputException;
import picocli.CommandLine.Option;

/** {@code --spark [MASTER]} and {@code --spark-conf KEY=VALUE}: run the job's work as a Spark application. */
final class SparkOptions {
    @Option(names = "--spark", arity = "0..1", fallbackValue = "", paramLabel = "MASTER",
            description = "Run on Spark: local[N], spark://host:port, yarn or k8s://https://host:port; without a value the"
                    + " workspace setting spark.master (riskbench spark set spark.master MASTER).")
    String master;
    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting for --spark, e.g. spark.executor.memory=2g (repeatable).")
    List<String> conf;

    /** Where to run, or null for this computer. */
    SparkTarget target(String workspaceDefault) {
        if (master == null) {
            if (conf != null && !conf.isEmpty()) {
                throw new InputException("--spark-conf goes with --spark MASTER.");
            }
            return null;
        }
        String m = master.isBlank() ? workspaceDefault : master;
        if (m == null || m.isBlank()) {
            throw new InputException("--spark without a master needs the workspace setting spark.master"
                    + " (riskbench spark set spark.master local[2]).");
        }
        return SparkTarget.of(m, conf);
    }
}
