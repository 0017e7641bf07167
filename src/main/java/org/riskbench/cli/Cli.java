package org.riskbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.riskbench.app.AppContext;
import org.riskbench.core.DiskFullException;
import org.riskbench.core.InputException;
import org.riskbench.core.Texts;
import org.riskbench.jobs.JobFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code riskbench} command. Adding a subcommand is one class plus its name in the list below.
 * Exit codes (docs/spec/platform.md): 0 done, 1 the job failed, 2 bad usage or bad input (one line on stderr,
 * the stack trace only with {@code --log-level DEBUG}).
 */
@Command(name = "riskbench", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Risk and ML analyst's workbench. Without a subcommand, opens the GUI.")
public final class Cli implements Runnable {
    /** The subcommands, in the order the help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(GuiCommand.class, ScenarioCommand.class, ReplayCommand.class,
            CalibrateCommand.class, CalibrateHeatmapCommand.class, ValidateCommand.class, InferCommand.class, InboxCommand.class, JobsCommand.class,
            RunsCommand.class, SynthCommand.class, BenchCommand.class, SamplesCommand.class, ProjectCommand.class,
            StepCommand.class, ModelCommand.class, FeedbackCommand.class, RetrainCommand.class, DoctorCommand.class,
            ServeCommand.class, SparkCommand.class, CommandLine.HelpCommand.class);

    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);
    public static final int EXIT_OK = 0;
    public static final int EXIT_JOB_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;

    private final Consumer<Path> guiLauncher;

    public Cli(Consumer<Path> guiLauncher) {
        this.guiLauncher = guiLauncher;
    }

    /** Opens the GUI when no subcommand is given. */
    @Override
    public void run() {
        guiLauncher.accept(new GuiCommand().workspaceFolder());
    }

    Consumer<Path> guiLauncher() {
        return guiLauncher;
    }

    /** Builds the command line with the project's error handling; {@code execute(args)} returns the exit code. */
    public static CommandLine commandLine(Consumer<Path> guiLauncher) {
        return commandLine(guiLauncher, SUBCOMMANDS);
    }

    /**
     * The command line for {@code args}: when they start with a subcommand's name, the top command with that
     * subcommand alone, which parses and runs the same; else {@link #commandLine(Consumer)}. Picocli reads every
     * option of every command it is given when it is built, a good part of a short command's start.
     */
    public static CommandLine commandLine(Consumer<Path> guiLauncher, String[] args) {
        if (args.length > 0) {
            for (Class<?> sub : SUBCOMMANDS) {
                if (sub != CommandLine.HelpCommand.class && names(sub).contains(args[0])) {
                    return commandLine(guiLauncher, List.of(sub));
                }
            }
        }
        return commandLine(guiLauncher);
    }

    private static List<String> names(Class<?> sub) {
        Command command = sub.getAnnotation(Command.class);
        List<String> names = new java.util.ArrayList<>(List.of(command.aliases()));
        names.add(command.name());
        return names;
    }

    private static CommandLine commandLine(Consumer<Path> guiLauncher, List<Class<?>> subcommands) {
        CommandLine cmd = new CommandLine(new Cli(guiLauncher));
        for (Class<?> sub : subcommands) {
            cmd.addSubcommand(sub);
        }
        // "--grid @FILE" names a grid file (docs/spec/calibration.md); picocli must not expand it as an argument file.
        cmd.setExpandAtFiles(false);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            boolean debug = parseResult.originalArgs().stream().anyMatch(a -> a.equalsIgnoreCase("DEBUG")
                    || a.equalsIgnoreCase("--log-level=DEBUG"));
            if (ex instanceof InputException) {
                err.println("riskbench: " + Texts.abbreviate(ex.getMessage(), Texts.LINE_LENGTH));
                if (debug) {
                    ex.printStackTrace(err);
                }
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof JobFailedException || ex instanceof DiskFullException) {
                err.println("riskbench: " + ex.getMessage());
                return EXIT_JOB_FAILED;
            }
            LOG.debug("unexpected failure", ex); // the trace is printed below with --log-level DEBUG, never by default
            err.println("riskbench: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage())
                    + (debug ? "" : " (run with --log-level DEBUG for details)"));
            if (debug) {
                ex.printStackTrace(err);
            }
            return EXIT_JOB_FAILED;
        });
        cmd.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            // picocli quotes the value it could not take: a huge one is cut
            err.println("riskbench: " + Texts.abbreviate(ex.getMessage(), Texts.LINE_LENGTH));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return EXIT_BAD_INPUT;
        });
        return cmd;
    }

    /** Opens the workspace named by the options; callers close it. */
    static AppContext openApp(CommonOptions options) {
        return openApp(options, CommonOptions.DEFAULT_LOG_LEVEL);
    }

    /** As {@link #openApp(CommonOptions)}, for a command whose log level without --log-level is {@code defaultLevel}. */
    static AppContext openApp(CommonOptions options, String defaultLevel) {
        options.applyLogLevel(defaultLevel);
        Path folder = AppContext.resolveFolder(options.workspace, System.getenv());
        return AppContext.open(folder, AppContext.defaultWorkers());
    }

    /** The version from the jar manifest (or "dev" when run from classes). */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"riskbench " + (version == null ? "dev" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
