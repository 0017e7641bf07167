package org.riskbench.engine.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;
import org.riskbench.engine.intake.CsvInspector;
import org.riskbench.engine.intake.EnrichmentConfig;
import org.riskbench.engine.intake.Enricher;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.TransactionsSchema;

/** Training input: a transactions file validated and enriched exactly as inference does it. */
public final class TransactionsData {
    private TransactionsData() {
    }

    /**
     * Validates {@code file} against the transactions schema, checks that {@code labelColumn} is its label
     * column (label, etiqueta or clase), enriches it and returns the enriched table, whose label column is
     * {@code label}.
     */
    public static Table load(Path file, String labelColumn, EnrichmentConfig config, Progress progress) {
        InspectionReport report = CsvInspector.inspect(file, IntakeOptions.transactions(), progress);
        if (!report.accepted()) {
            throw new InputException(file.getFileName() + ": refused: " + report.refusal());
        }
        Map<String, Integer> cols = report.schemaColumns();
        Integer labelIndex = cols.get(TransactionsSchema.LABEL);
        if (labelIndex == null || !report.header().get(labelIndex).equalsIgnoreCase(labelColumn.trim())
                && !TransactionsSchema.normalise(labelColumn).equals(TransactionsSchema.LABEL)) {
            throw new InputException(file.getFileName() + ": --label " + labelColumn + " is not the file's label column;"
                    + " name it label, etiqueta or clase" + (labelIndex == null ? "" : " (found '" + report.header().get(labelIndex) + "')"));
        }
        try {
            Path tmp = Files.createTempFile("riskbench-train-", ".csv");
            try {
                Enricher.enrich(file, report, config, tmp, progress);
                return Table.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
