package org.riskbench.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Options every subcommand takes: where the workspace is and how much to log. */
public final class CommonOptions {

    @Option(names = "--workspace", paramLabel = "DIR",
            description = "Workspace folder (default: $RISKBENCH_HOME, else ~/.riskbench).")
    Path workspace;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "WARN",
            description = "ERROR, WARN, INFO or DEBUG (default: ${DEFAULT-VALUE}). DEBUG also prints stack traces.")
    String logLevel;

    /** Applies the log level to the root logger; logs go to stderr, never mixed with command output. */
    void applyLogLevel() {
        Level level = Level.toLevel(logLevel, null);
        if (level == null) {
            throw new org.riskbench.core.InputException("--log-level: '" + logLevel + "' is not one of ERROR, WARN, INFO, DEBUG");
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);
    }

    boolean debug() {
        return "DEBUG".equalsIgnoreCase(logLevel) || "TRACE".equalsIgnoreCase(logLevel);
    }
}
