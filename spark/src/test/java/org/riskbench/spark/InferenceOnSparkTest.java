package org.riskbench.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.ScoringStage;
import org.riskbench.app.SparkInferenceResult;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.intake.CsvInspector;
import org.riskbench.engine.intake.Enricher;
import org.riskbench.engine.intake.EnrichmentConfig;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.scoring.Guardrails;
import org.riskbench.engine.scoring.ModelBundle;
import org.riskbench.engine.scoring.Trainer;
import org.riskbench.engine.scoring.TransactionsData;

/**
 * Inference in local[2] against the inbox's code on the whole file (validate, enrich, score with guardrails): the
 * results CSV row for row, the same counts; partitions that cut the file by customer, with blank and unreadable lines
 * that shift the row numbers, and the Spanish dialect.
 */
class InferenceOnSparkTest {
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();
    @TempDir
    static Path shared;
    private static Path bundle;

    @BeforeAll
    static void startSparkAndTrain() throws Exception {
        Path data = Path.of("sample-data/transactions/transactions.csv");
        Trainer.Result trained = Trainer.trainTransactions(TransactionsData.load(data, "label", EnrichmentConfig.defaults(),
                Progress.NONE), "label", Trainer.Config.defaults(42), Progress.NONE);
        bundle = shared.resolve("bundle");
        ModelBundle.save(bundle, "test-1", "2026-12-06T00:00:00Z", "none", trained.metrics().asMap(), trained.model());
    }

    @Test
    void scoresRowForRowAsTheInboxWithBlankAndUnreadableLines() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("sample-data/transactions/transactions.csv")));
        lines.add(11, "");
        lines.add(600, "C000007,12.50,2024-02-03"); // too few fields: the enrichment skips it
        lines.add(1500, "");
        Path file = Files.write(shared.resolve("with-gaps.csv"), lines);
        assertSameAsLocal(file, "gaps", 5);
    }

    @Test
    void readsTheSpanishDialectWithTheDriversReport() throws Exception {
        assertSameAsLocal(Path.of("sample-data/transactions/transacciones_es.csv").toAbsolutePath(), "es", 3);
    }

    @Test
    void refusesAnOutputFolderWithFilesAndLeavesNothingBehind() throws Exception {
        Path out = Files.createDirectories(shared.resolve("taken"));
        Files.writeString(out.resolve("old.csv"), "x\n");
        Path status = Files.createDirectories(shared.resolve("status-taken"));
        assertThatThrownBy(() -> InferenceOnSpark.run(SPARK.context(), spec("taken", Path.of("sample-data/transactions/transactions.csv")
                .toAbsolutePath(), out, 2), new DriverStatus(status)))
                .isInstanceOf(InputException.class).hasMessage(out.toUri().toString().replaceAll("/$", "")
                        + " already holds files: the results go into a new or empty folder.");
        try (Stream<Path> files = Files.list(shared)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".riskbench-"));
        }
    }

    private void assertSameAsLocal(Path file, String name, int partitions) throws Exception {
        List<String> local = local(file, Files.createDirectories(shared.resolve("local-" + name)));
        Path out = shared.resolve("out-" + name + "[" + partitions + "]"); // a name Spark's reader would take as a glob
        Path status = Files.createDirectories(shared.resolve("status-" + name));
        SparkInferenceResult.DriverResult result = InferenceOnSpark.run(SPARK.context(), spec(name, file, out, partitions), new DriverStatus(status));

        List<String> rows = new ArrayList<>();
        String header = null;
        try (Stream<Path> parts = Files.list(out.resolve("csv"))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                List<String> partLines = Files.readAllLines(part, StandardCharsets.UTF_8);
                header = partLines.get(0);
                rows.addAll(partLines.subList(1, partLines.size()));
            }
        }
        rows.sort(Comparator.comparingLong(l -> Long.parseLong(l.substring(0, l.indexOf(',')))));
        assertThat(header).isEqualTo(local.get(0));
        assertThat(rows).hasSize(local.size() - 1);
        // each row as the inbox scored it: row and line numbers, class, probabilities, anomaly, guardrails, features
        assertThat(rows).containsExactlyElementsOf(local.subList(1, local.size()));
        assertThat(result.rowCount()).isEqualTo(local.size() - 1);

        Map<String, Long> counts = new LinkedHashMap<>();
        int classCol = List.of(local.get(0).split(",")).indexOf("class");
        for (String row : local.subList(1, local.size())) {
            counts.merge(row.split(",")[classCol], 1L, Long::sum);
        }
        Map<String, Long> sparkCounts = result.counts();
        sparkCounts.forEach((k, v) -> assertThat(v).as(k).isEqualTo(counts.getOrDefault(k, 0L)));
        assertThat(sparkCounts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(local.size() - 1);
        assertThat(result.sampleCsv()).containsExactlyElementsOf(local.subList(0, InferenceOnSpark.SAMPLE_ROWS + 1));

        long parquetRows = SparkSession.builder().sparkContext(SPARK.context().sc()).getOrCreate().read().parquet(InferenceOnSpark.globEscaped(out.resolve("parquet").toString())).count();
        assertThat(parquetRows).isEqualTo(local.size() - 1);
        try (Stream<Path> files = Files.list(shared)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".riskbench-"));
        }
        assertThat(out.resolve("enriched")).doesNotExist();
    }

    /** The inbox's steps on the whole file: validate, enrich, score with the bundled guardrails, the results CSV. */
    static List<String> local(Path file, Path dir) throws Exception {
        InspectionReport report = CsvInspector.inspect(file, IntakeOptions.transactions(), Progress.NONE);
        assertThat(report.accepted()).as(String.valueOf(report.refusal())).isTrue();
        Path enriched = dir.resolve("enriched.csv");
        Enricher.enrich(file, report, EnrichmentConfig.defaults(), enriched, 1, Progress.NONE);
        ScoringStage.Scoring scoring = ScoringStage.start(enriched, ModelBundle.load(bundle).model(), Guardrails.defaults(),
                null, Progress.NONE, new LinkedHashMap<>(), System.nanoTime());
        scoring.running().await();
        Path results = dir.resolve("results.csv");
        AtomicFiles.write(results, scoring.results()::writeCsv);
        return Files.readAllLines(results, StandardCharsets.UTF_8);
    }

    private static com.fasterxml.jackson.databind.JsonNode spec(String runId, Path file, Path out, int partitions) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("run_id", runId);
        spec.put("input", file.toUri().toString());
        spec.put("output", out.toUri().toString());
        spec.put("model", bundle.toString());
        spec.put("partitions", partitions);
        return Json.MAPPER.valueToTree(spec);
    }
}
