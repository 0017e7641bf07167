package org.riskbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.riskbench.core.Json;
import org.riskbench.engine.intake.ColumnProfile;
import org.riskbench.engine.intake.CsvInspector;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code riskbench validate FILE}: the intake validation and preview, as text or JSON. Exit 0 acceptable, 2 refused. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate a CSV file: encoding, delimiter, header, type per column, every problem with line and column.")
public final class ValidateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "FILE", description = "The CSV file.")
    Path file;
    @Option(names = "--schema", defaultValue = "transactions", description = "transactions or none (default: ${DEFAULT-VALUE}).")
    String schema;
    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;
    @Option(names = "--max-bad-ratio", defaultValue = "0.01", paramLabel = "R", description = "Share of unreadable rows tolerated (default: ${DEFAULT-VALUE}).")
    double maxBadRatio;
    @Option(names = "--size-limit-mb", defaultValue = "500", paramLabel = "N", description = "Refuse larger files (default: ${DEFAULT-VALUE}; 0: no limit).")
    long sizeLimitMb;

    @Override
    public Integer call() {
        common.applyLogLevel();
        InspectionReport report = CsvInspector.inspect(file, options(schema, maxBadRatio, sizeLimitMb));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(report));
        } else {
            print(out, report);
        }
        if (!report.accepted()) {
            spec.commandLine().getErr().println("riskbench: " + file + ": refused: " + report.refusal());
            return Cli.EXIT_BAD_INPUT;
        }
        return Cli.EXIT_OK;
    }

    static IntakeOptions options(String schema, double maxBadRatio, long sizeLimitMb) {
        IntakeOptions.Schema s;
        switch (schema.toLowerCase(Locale.ROOT)) {
            case "transactions" -> s = IntakeOptions.Schema.TRANSACTIONS;
            case "none" -> s = IntakeOptions.Schema.NONE;
            default -> throw new org.riskbench.core.InputException("--schema: '" + schema + "' is not one of transactions, none");
        }
        if (sizeLimitMb < 0) {
            throw new org.riskbench.core.InputException("--size-limit-mb must be 0 (no limit) or more, got " + sizeLimitMb);
        }
        if (!(maxBadRatio >= 0 && maxBadRatio <= 1)) {
            throw new org.riskbench.core.InputException("--max-bad-ratio must be between 0 and 1, got " + maxBadRatio);
        }
        return IntakeOptions.defaults().withSchema(s).withMaxBadRatio(maxBadRatio).withSizeLimitBytes(sizeLimitMb * 1024 * 1024);
    }

    static void print(PrintWriter out, InspectionReport r) {
        out.printf(Locale.ROOT, "file:       %s (%d bytes)%n", r.file(), r.sizeBytes());
        out.printf(Locale.ROOT, "verdict:    %s%n", r.accepted() ? "accepted" : "REFUSED: " + r.refusal());
        out.printf(Locale.ROOT, "encoding:   %s%n", r.encoding() == null ? "-" : r.encoding());
        out.printf(Locale.ROOT, "delimiter:  %s%n", InspectionReport.delimiterName(r.delimiter()));
        out.printf(Locale.ROOT, "line end:   %s%n", r.lineEnding() == null ? "-" : r.lineEnding());
        out.printf(Locale.ROOT, "rows:       %d data rows, %d unreadable%n", r.dataRows(), r.badRows());
        if (!r.columns().isEmpty()) {
            out.println("columns:");
            for (ColumnProfile c : r.columns()) {
                out.printf(Locale.ROOT, "  %3d %-28s %-9s%s  %d values, %d missing%n", c.index() + 1, c.name(), c.type().label(),
                        c.format() == null ? "" : " (" + c.format() + ")", c.values(), c.missing());
            }
        }
        if (!r.schemaColumns().isEmpty()) {
            // schema field = column number (the header's own name when an alias matched), in column order
            StringBuilder line = new StringBuilder();
            r.schemaColumns().entrySet().stream().sorted(java.util.Map.Entry.comparingByValue()).forEach(e -> {
                String header = e.getValue() < r.columns().size() ? r.columns().get(e.getValue()).name() : e.getKey();
                line.append(line.length() == 0 ? "" : ", ").append(e.getKey()).append(" = column ").append(e.getValue() + 1)
                        .append(header.equals(e.getKey()) ? "" : " (" + header + ")");
            });
            out.println("schema:     " + line);
        }
        out.printf(Locale.ROOT, "problems:   %d%s%n", r.problemCount(),
                r.problemCount() > r.problems().size() ? " (first " + r.problems().size() + " listed)" : "");
        for (Problem p : r.problems()) {
            out.println("  " + p.severity().name().toLowerCase(Locale.ROOT) + ": " + p.describe());
        }
    }
}
