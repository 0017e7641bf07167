package org.riskbench.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Options every subcommand takes: where the workspace is and how much to log. */
public final class CommonOptions {

    /** The level without --log-level; {@code scenario run} alone uses INFO, as the worker it replaces did. */
    static final String DEFAULT_LOG_LEVEL = "WARN";

    @Option(names = "--workspace", paramLabel = "DIR",
            description = "Workspace folder (default: $RISKBENCH_HOME, else ~/.riskbench).")
    Path workspace;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "ERROR, WARN, INFO or DEBUG; Python's names WARNING and CRITICAL are read as WARN and ERROR "
                    + "(default: WARN; INFO for 'scenario run'). DEBUG also prints stack traces.")
    String logLevel;

    /** Applies the log level (or the CLI's default) to the root logger; logs go to stderr, never mixed with output. */
    void applyLogLevel() {
        applyLogLevel(DEFAULT_LOG_LEVEL);
    }

    void applyLogLevel(String defaultLevel) {
        String name = logLevel == null ? defaultLevel : logbackName(logLevel);
        Level level = Level.toLevel(name, null);
        if (level == null) {
            throw new org.riskbench.core.InputException("--log-level: '" + logLevel
                    + "' is not one of ERROR, WARN, INFO, DEBUG");
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);
    }

    /** Python's logging level names (the predecessor workers' --log-level) mapped to Logback's. */
    static String logbackName(String given) {
        return switch (given.trim().toUpperCase(Locale.ROOT)) {
            case "WARNING" -> "WARN";
            case "CRITICAL", "FATAL" -> "ERROR";
            default -> given.trim();
        };
    }

    boolean debug() {
        return "DEBUG".equalsIgnoreCase(logLevel) || "TRACE".equalsIgnoreCase(logLevel);
    }
}
