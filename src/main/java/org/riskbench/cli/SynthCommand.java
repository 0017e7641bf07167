package org.riskbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.riskbench.core.InputException;
import org.riskbench.engine.intake.SyntheticTransactions;
import org.riskbench.engine.scenario.SyntheticData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code riskbench synth}: seeded sample data for trying the engines. */
@Command(name = "synth", mixinStandardHelpOptions = true, description = "Write seeded synthetic sample data.",
        subcommands = {SynthCommand.Scenario.class, SynthCommand.Transactions.class})
public final class SynthCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** An output file whose folder exists (not made silently) and which is not a folder itself. */
    static void requireWritableFile(Path out) {
        if (java.nio.file.Files.isDirectory(out)) {
            throw new InputException(out + ": is a folder; --out names the CSV file to write");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
            throw new InputException(out + ": the folder " + parent + " does not exist");
        }
    }

    @Command(name = "scenario", mixinStandardHelpOptions = true,
            description = "A regression table for scenario runs: feature_1..feature_N and a linear target with Gaussian noise.")
    static final class Scenario implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--rows", required = true, description = "Rows to write.")
        int rows;
        @Option(names = "--features", defaultValue = "8", description = "Features (default: ${DEFAULT-VALUE}).")
        int features;
        @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV to write (atomically).")
        Path out;

        @Override
        public Integer call() {
            if (rows < features + 2) {
                throw new InputException("--rows " + rows + " is too few: a fit needs at least features + 2 = " + (features + 2));
            }
            if (features < 1) {
                throw new InputException("--features must be at least 1");
            }
            if ((long) rows * features > org.riskbench.core.Limits.MAX_SYNTH_CELLS) {
                throw new InputException(String.format(java.util.Locale.ROOT,
                        "--rows %,d x --features %,d is %,d feature cells; a synthetic table holds at most %,d",
                        rows, features, (long) rows * features, org.riskbench.core.Limits.MAX_SYNTH_CELLS));
            }
            requireWritableFile(out);
            SyntheticData.write(out, rows, features, seed);
            spec.commandLine().getOut().println("wrote " + rows + " rows x " + features + " features to " + out);
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "transactions", mixinStandardHelpOptions = true,
            description = "Labelled transactions (limpio, relevante, inusual, preocupante) with planted structuring,"
                    + " cash bursts and dormant-then-active accounts.")
    static final class Transactions implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--rows", required = true, description = "Rows to write.")
        long rows;
        @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--dialect", defaultValue = "en", description = "en (comma, ISO dates, UTF-8) or es (semicolon,"
                + " decimal commas, dd/MM/yyyy, Spanish headers, Windows-1252); default: ${DEFAULT-VALUE}.")
        String dialect;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV to write (atomically).")
        Path out;

        @Override
        public Integer call() {
            org.riskbench.core.Limits.atMost("--rows", rows, org.riskbench.core.Limits.MAX_SYNTH_ROWS);
            SyntheticTransactions.Dialect d;
            try {
                d = SyntheticTransactions.Dialect.valueOf(dialect.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InputException("--dialect: '" + dialect + "' is not one of en, es");
            }
            requireWritableFile(out);
            SyntheticTransactions.write(out, rows, seed, d);
            spec.commandLine().getOut().println("wrote " + rows + " transactions to " + out);
            return Cli.EXIT_OK;
        }
    }
}
