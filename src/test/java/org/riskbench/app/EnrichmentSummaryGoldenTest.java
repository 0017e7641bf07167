package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.intake.CsvInspector;
import org.riskbench.engine.intake.Enricher;
import org.riskbench.engine.intake.EnrichmentConfig;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.intake.IntakeOptions;

/**
 * The enricher's summary as it is written: into a queued analysis' manifest ({@code inbox/pending/<id>.json}, with the
 * inbox's {@code rows_in} and {@code skipped_rows}), from there into the processed document and the stored summary
 * ({@link InferenceDocumentGoldenTest} holds those). The golden files were written by the map-based code on the same
 * input (timings and clock times masked as there), and the manifest written by that code is read back.
 */
class EnrichmentSummaryGoldenTest {
    @TempDir
    Path dir;

    /** The sample transactions' first 120 lines, with a short line the enrichment skips. */
    private Path transactionsWithASkippedLine(boolean withLabels) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("sample-data/transactions/transactions.csv"),
                StandardCharsets.UTF_8).subList(0, 120));
        if (!withLabels) {
            lines.replaceAll(l -> l.substring(0, l.lastIndexOf(',')));
        }
        lines.add(60, "C000007,12.50,2024-02-03");
        return Files.write(dir.resolve(withLabels ? "labelled.csv" : "unlabelled.csv"), lines, StandardCharsets.UTF_8);
    }

    @Test
    void aQueuedAnalysisManifestHoldsTheEnrichersSummaryAsBefore() throws Exception {
        Path file = transactionsWithASkippedLine(true);
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            InspectionReport report = app.inbox().inspectForQueue(file, IntakeOptions.defaults(), Progress.NONE);
            app.inbox().submit(file, report, "an-golden-queued", Progress.NONE);
            Path manifest = app.inbox().dir("pending").resolve("an-golden-queued.json");
            InferenceDocumentGoldenTest.assertGolden("pending-manifest.json",
                    InferenceDocumentGoldenTest.masked(Files.readString(manifest, StandardCharsets.UTF_8), dir));
        }
    }

    @Test
    void theEnrichersSummaryOfAFileWithoutLabelsIsAsBefore() throws Exception {
        Path file = transactionsWithASkippedLine(false);
        InspectionReport report = CsvInspector.inspect(file, IntakeOptions.transactions(), Progress.NONE);
        Enricher.Result r = Enricher.enrich(file, report, EnrichmentConfig.defaults(), dir.resolve("enriched.csv"), 1,
                Progress.NONE);
        InferenceDocumentGoldenTest.assertGolden("enrichment-unlabelled.json", Json.pretty(r.summary()));
    }

    /** A manifest an older version queued reads back: the analysis' summary starts with its enrichment. */
    @Test
    void aManifestOfBeforeReadsBack() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> manifest = Json.MAPPER.readValue(InferenceDocumentGoldenTest.golden("pending-manifest.json"),
                LinkedHashMap.class);
        AnalysisSummary started = AnalysisSummary.started("an-golden-queued", manifest);
        assertThat(Json.pretty(Map.of("enrichment", started.enrichment())))
                .isEqualTo(Json.pretty(Map.of("enrichment", manifest.get("enrichment"))));
        assertThat(started.enrichment().rowsIn()).isEqualTo(120L);
        assertThat(started.enrichment().rowsEnriched()).isEqualTo(119);
        assertThat(started.enrichment().skippedRows()).containsExactly("line 61: the row has 3 fields, the header has 8");
        assertThat(started.enrichment().labels()).containsExactly(Map.entry("inusual", 12L), Map.entry("limpio", 106L),
                Map.entry("relevante", 1L));
    }
}
