package org.riskbench.cli;

import java.io.PrintWriter;
import java.util.Properties;
import org.riskbench.app.AppContext;
import org.riskbench.app.SparkSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code riskbench spark show|set}: the workspace's Spark settings (default master, Spark installation). */
@Command(name = "spark", mixinStandardHelpOptions = true, description = "The workspace's Spark settings (docs/scale-out.md).",
        subcommands = {SparkCommand.Show.class, SparkCommand.Set.class})
public final class SparkCommand {

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print spark.master, spark.home and the default Spark settings of the workspace.")
    static final class Show extends WorkspaceCommand {
        @Override
        Integer run(AppContext app) {
            Properties p = SparkSettings.read(app.root());
            PrintWriter out = spec.commandLine().getOut();
            out.println(SparkSettings.MASTER + "=" + p.getProperty(SparkSettings.MASTER, ""));
            out.println(SparkSettings.HOME + "=" + p.getProperty(SparkSettings.HOME, ""));
            SparkSettings.defaultConf(app.root()).forEach((k, v) -> out.println(k + "=" + v));
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set spark.master (used by --spark without a"
            + " value), spark.home (a Spark installation, when SPARK_HOME is not set) or a Spark setting every application"
            + " gets (a --spark-conf of the same key wins).")
    static final class Set extends WorkspaceCommand {
        @Parameters(index = "0", paramLabel = "KEY", description = "spark.master, spark.home or a Spark setting given to"
                + " every application (spark.executor.memory); an empty VALUE removes it")
        String key;
        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        @Override
        Integer run(AppContext app) {
            if (key.equals(SparkSettings.MASTER) && !value.isBlank()) {
                org.riskbench.app.SparkTarget.of(value, null); // refuse what is not a master now, not at the next run
            }
            SparkSettings.set(app.root(), key, value);
            spec.commandLine().getOut().println(key + "=" + value);
            return Cli.EXIT_OK;
        }
    }
}
