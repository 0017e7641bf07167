package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.SyntheticTransactions;
import org.riskbench.store.AnalysisRepository;
import org.riskbench.store.Database;
import org.riskbench.testsupport.GoldenFiles;

/**
 * An analysis' documents are the bytes the map-based code wrote: {@code processed/<id>.json} (the file people and
 * other systems read, its per-row list included), the summary stored beside it in SQLite, and a failed analysis'
 * {@code failed/<id>_error.json} and stored error. The golden files under {@code src/test/resources/golden/inference/}
 * were written by that code on the same input, with timings, clock times and the model version replaced by fixed
 * values of the same kind, so each golden is itself a document of an old workspace and is read back here.
 */
class InferenceDocumentGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/inference");
    private static final Pattern TIMINGS = Pattern.compile("\"timings_ms\"(\\s?:\\s?)\\{([^{}]*)}");
    private static final Pattern NUMBER_VALUE = Pattern.compile("(\"[a-z_]+\"\\s?:\\s?)[0-9]+");
    private static final Pattern MS_FIELD = Pattern.compile("(\"[a-z_]+_ms\"\\s?:\\s?)[0-9]+");
    private static final Pattern CLOCK = Pattern.compile("\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z\"");
    private static final Pattern MODEL_VERSION = Pattern.compile("default-[0-9]{8}-[0-9]{6,9}(-[0-9a-z]{4})?");

    @TempDir
    Path dir;

    /** Timings become 0, clock times one fixed instant, the model version one fixed name: still a valid document. */
    static String masked(String json, Path dir) {
        Matcher m = TIMINGS.matcher(json);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("\"timings_ms\"" + m.group(1) + "{"
                    + NUMBER_VALUE.matcher(m.group(2)).replaceAll("$10") + "}"));
        }
        m.appendTail(out);
        String timed = MS_FIELD.matcher(out.toString()).replaceAll("$10");
        String clocked = CLOCK.matcher(timed).replaceAll("\"2026-01-01T00:00:00Z\"");
        String modelled = MODEL_VERSION.matcher(clocked).replaceAll("default-20260101-000000");
        return GoldenFiles.withoutFolder(modelled, dir);
    }

    static void assertGolden(String name, String maskedText) throws Exception {
        String actual = maskedText.endsWith("\n") ? maskedText : maskedText + "\n";
        Path golden = GOLDEN.resolve(name);
        GoldenFiles.assertGolden(golden, actual);
    }

    static String golden(String name) throws Exception {
        return Files.readString(GOLDEN.resolve(name), StandardCharsets.UTF_8).strip();
    }

    @Test
    void aProcessedAndAFailedAnalysisWriteTheBytesOfBefore() throws Exception {
        Path tx = dir.resolve("tx.csv");
        SyntheticTransactions.write(tx, 40, 3, SyntheticTransactions.Dialect.EN);
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            app.models().ensureActiveModel(Progress.NONE);
            var report = app.inbox().inspectForQueue(tx, IntakeOptions.defaults(), Progress.NONE);
            app.inbox().submit(tx, report, "an-golden-ok", Progress.NONE);
            assertThat(app.inbox().drain(Progress.NONE).processed()).containsExactly("an-golden-ok");

            app.inbox().addStage(new InboxStage() {
                @Override
                public String name() {
                    return "audit";
                }

                @Override
                public Map<String, Object> run(Item item, Progress progress) {
                    throw new InputException("the audit trail refuses customer C0001");
                }
            });
            app.inbox().submit(tx, report, "an-golden-failed", Progress.NONE);
            assertThat(app.inbox().drain(Progress.NONE).failed()).containsExactly("an-golden-failed");

            assertGolden("processed.json", masked(Files.readString(app.inbox().resultFile("an-golden-ok")), dir));
            assertGolden("error.json", masked(Files.readString(app.inbox().dir("failed").resolve("an-golden-failed_error.json")), dir));
            try (Database db = Database.open(app.workspace())) {
                AnalysisRepository analyses = new AnalysisRepository(db);
                assertGolden("stored-summary.json", masked(analyses.find("an-golden-ok").orElseThrow().summaryJson(), dir));
                assertGolden("stored-error.json", masked(analyses.find("an-golden-failed").orElseThrow().errorJson(), dir));
            }
            assertThat(app.inbox().failureOf("an-golden-failed")).contains("audit: the audit trail refuses customer C0001");
        }
    }

    /** An old workspace's documents read back: every field the front ends use, and the stored forms unchanged. */
    @Test
    void theDocumentsOfAnOldWorkspaceReadBack() throws Exception {
        String stored = golden("stored-summary.json");
        AnalysisSummary fromStore = AnalysisSummary.fromJson(stored);
        assertThat(Json.compact(fromStore)).isEqualTo(stored);
        AnalysisSummary fromFile = AnalysisResults.summaryOf(GOLDEN.resolve("processed.json"));
        for (AnalysisSummary s : new AnalysisSummary[] {fromStore, fromFile}) {
            assertThat(s.analysisId()).isEqualTo("an-golden-ok");
            assertThat(s.inputName()).isEqualTo("tx.csv");
            assertThat(s.rowCount()).isEqualTo(40L);
            assertThat(s.check().rows()).isEqualTo(40);
            assertThat(s.scoring().modelVersion()).isEqualTo("default-20260101-000000");
            assertThat(s.scoring().rowCount()).isEqualTo(40);
            assertThat(s.counts()).containsOnly(Map.entry("limpio", 34L), Map.entry("relevante", 0L),
                    Map.entry("inusual", 6L), Map.entry("preocupante", 0L));
            assertThat(s.scoring().guardrailsSource()).isEqualTo("bundled defaults");
            assertThat(s.scoring().guardrailsRules()).containsOnlyKeys("cash_limit", "reporting_threshold", "structuring");
            assertThat(s.scoring().timingsMs()).containsKeys("model", "read", "store");
            assertThat(s.timingsMs()).containsOnlyKeys("validate", "enrich", "check", "scoring");
            assertThat(s.enrichment().rowsIn()).isEqualTo(40L);
            assertThat(s.enrichment().rowsEnriched()).isEqualTo(40L);
            assertThat(s.enrichment().labels()).containsOnly(Map.entry("inusual", 7L), Map.entry("limpio", 33L));
            assertThat(s.otherStages()).isEmpty();
        }
        AnalysisError error = AnalysisError.read(GOLDEN.resolve("error.json"));
        assertThat(error.describe()).isEqualTo("audit: the audit trail refuses customer C0001");
        assertThat(Json.compact(error)).isEqualTo(golden("stored-error.json"));
    }

    /** A stage plugged in besides check and scoring keeps its section in the stored summary, read back as it was. */
    @Test
    void aPluggedStagesSectionIsKeptAndReadBack() {
        AnalysisSummary s = AnalysisSummary.started("an-x", Map.of("input_name", "x.csv")).finished(
                new java.util.LinkedHashMap<>(Map.of("check", new AnalysisSummary.Check(2), "audit",
                        Map.of("checked", 2, "rows", java.util.List.of(1, 2)))), Map.of("check", 1L), "2026-01-01T00:00:00Z");
        String json = Json.compact(s);
        assertThat(json).contains("\"audit\":{\"checked\":2}").doesNotContain("[1,2]");
        assertThat(Json.compact(AnalysisSummary.fromJson(json))).isEqualTo(json);
        assertThat(AnalysisSummary.fromJson(json).otherStages().get("audit").path("checked").asInt()).isEqualTo(2);
    }
}
