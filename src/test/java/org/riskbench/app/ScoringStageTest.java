package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
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
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.SyntheticTransactions;
import org.riskbench.engine.scoring.BatchScores;
import org.riskbench.engine.scoring.EnrichedBatch;
import org.riskbench.engine.scoring.Guardrails;
import org.riskbench.engine.scoring.ScoringModel;
import org.riskbench.engine.scoring.Table;

class ScoringStageTest {
    @TempDir
    Path dir;

    /** Processes {@code input} in a fresh workspace with {@code threads} scoring threads; returns the processed folder and id. */
    private Map.Entry<Path, String> process(Path input, String workspace, int threads) {
        try (AppContext app = AppContext.open(dir.resolve(workspace), 1)) {
            app.scoring().setThreads(threads);
            app.models().ensureActiveModel(Progress.NONE);
            InboxService.Submission s = app.inbox().submit(input, IntakeOptions.defaults(), Progress.NONE);
            assertThat(app.inbox().drain(Progress.NONE).processed()).containsExactly(s.analysisId());
            return Map.entry(app.inbox().dir("processed"), s.analysisId());
        }
    }

    @Test
    void oneAndTwoThreadsWriteTheSameResults() throws Exception {
        Path input = dir.resolve("tx.csv");
        // more than two chunks, so both threads get rows and the last chunk is partial
        SyntheticTransactions.write(input, 2 * EnrichedBatch.CHUNK + 1234, 11, SyntheticTransactions.Dialect.EN);
        var one = process(input, "ws1", 1);
        var two = process(input, "ws2", 2);
        assertThat(Files.readAllBytes(two.getKey().resolve(two.getValue() + "_results.csv")))
                .isEqualTo(Files.readAllBytes(one.getKey().resolve(one.getValue() + "_results.csv")));
        JsonNode a = Json.MAPPER.readTree(one.getKey().resolve(one.getValue() + ".json").toFile()).path("scoring");
        JsonNode b = Json.MAPPER.readTree(two.getKey().resolve(two.getValue() + ".json").toFile()).path("scoring");
        assertThat(b.path("rows")).isEqualTo(a.path("rows"));
        assertThat(b.path("counts")).isEqualTo(a.path("counts"));
        assertThat(a.path("rows").size()).isEqualTo(2 * EnrichedBatch.CHUNK + 1234);
        // the predictions, stored chunk by chunk while later rows were scored, are those of the file
        try (AppContext app = AppContext.open(dir.resolve("ws2"), 1)) {
            Map<String, Long> counts = new LinkedHashMap<>();
            b.path("counts").fields().forEachRemaining(e -> {
                if (e.getValue().asLong() > 0) {
                    counts.put(e.getKey(), e.getValue().asLong());
                }
            });
            assertThat(app.models().predictions().counts(two.getValue())).containsExactlyInAnyOrderEntriesOf(counts);
            for (int i = 0; i < b.path("rows").size(); i += 101) {
                JsonNode row = b.path("rows").get(i);
                assertThat(app.models().predictions().predictedClass(two.getValue(), row.path("row").asLong()))
                        .as("row %d", i).contains(row.path("class").asText());
            }
        }
    }

    /**
     * The streamed per-row JSON and the results CSV hold what the table path (Table, ScoringModel.score,
     * Guardrails.apply on strings) gives, built into maps the way the stage did before it streamed.
     */
    @Test
    void streamedRowsEqualTheTablePath() throws Exception {
        Path input = dir.resolve("small.csv");
        SyntheticTransactions.write(input, 700, 5, SyntheticTransactions.Dialect.EN);
        var done = process(input, "ws", 2);
        Path enriched = done.getKey().resolve(done.getValue() + ".csv");
        JsonNode file = Json.MAPPER.readTree(done.getKey().resolve(done.getValue() + ".json").toFile());
        ScoringModel model;
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            model = app.models().bundleForScoring(Progress.NONE).model();
        }
        Table t = Table.read(enriched);
        ScoringModel.Scores s = model.score(t);
        List<String> classes = model.classes();
        String[] policy = new String[t.rows()];
        for (int i = 0; i < policy.length; i++) {
            policy[i] = classes.get(s.finalClass()[i]);
        }
        Guardrails.Outcome g = Guardrails.defaults().apply(t, policy);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < t.rows(); i++) {
            Map<String, Double> probs = new LinkedHashMap<>();
            for (int c = 0; c < classes.size(); c++) {
                probs.put(classes.get(c), round(s.probabilities()[i][c]));
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("row", Long.parseLong(t.column("row")[i]));
            r.put("customer", t.column("customer_id")[i]);
            r.put("class", g.classes()[i]);
            r.put("model_class", policy[i]);
            r.put("probabilities", probs);
            r.put("anomaly", round(s.anomaly()[i]));
            r.put("cluster", s.cluster()[i]);
            r.put("cluster_distance", round(s.clusterDistance()[i]));
            r.put("guardrails", g.fired().get(i));
            r.put("top_features", s.topFeatures().get(i));
            rows.add(r);
        }
        JsonNode expected = Json.MAPPER.readTree(Json.pretty(rows));
        assertThat(file.path("scoring").path("rows")).isEqualTo(expected);
        // one compact row per line, keys in the sorted order of the other artifacts
        String written = Files.readString(done.getKey().resolve(done.getValue() + ".json"));
        var oneLine = Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        assertThat(written).contains("[\n" + oneLine.writeValueAsString(rows.get(0)) + ",\n" + oneLine.writeValueAsString(rows.get(1)) + ",\n");
        assertThat(written).contains(",\n" + oneLine.writeValueAsString(rows.get(699)) + "\n]");

        List<String> csv = Files.readAllLines(done.getKey().resolve(done.getValue() + "_results.csv"));
        assertThat(csv).hasSize(701);
        for (int i : new int[] {0, 1, 350, 699}) {
            String line = csv.get(i + 1);
            assertThat(line).startsWith(t.column("row")[i] + "," + t.column("line")[i] + "," + t.column("customer_id")[i] + ",");
            assertThat(line).contains("," + g.classes()[i] + "," + policy[i] + ","
                    + String.format(java.util.Locale.ROOT, "%.4f", s.probabilities()[i][0]) + ",");
            assertThat(line).endsWith(String.join(";", s.topFeatures().get(i)));
        }
    }

    /** Missing and unreadable numbers, quoted fields and CRLF: the batch reader agrees with the table path. */
    @Test
    void batchPathEqualsTablePathOnAwkwardCells() throws Exception {
        Path input = dir.resolve("tx.csv");
        SyntheticTransactions.write(input, 400, 8, SyntheticTransactions.Dialect.EN);
        var done = process(input, "ws", 1);
        Path enriched = done.getKey().resolve(done.getValue() + ".csv");
        List<String> lines = Files.readAllLines(enriched);
        StringBuilder sb = new StringBuilder(lines.get(0)).append("\r\n");
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (i % 7 == 0) {
                f[10] = "";           // log_amount missing: the batch median
            }
            if (i % 11 == 0) {
                f[12] = "NA";
            }
            if (i % 13 == 0) {
                f[14] = "1e2";        // exponent: the general parse
            }
            if (i % 17 == 0) {
                f[5] = "\"" + f[5] + "\""; // quoted category
            }
            if (i % 19 == 0) {
                f[2] = "\"C,\"\"odd\"\"\""; // quoted customer with a delimiter and quotes
            }
            if (i % 23 == 0) {
                f[16] = "-inf";
            }
            sb.append(String.join(",", f)).append(i % 2 == 0 ? "\r\n" : "\n");
            if (i == 5) {
                sb.append("\n"); // a blank line is skipped
            }
        }
        Path awkward = dir.resolve("awkward.csv");
        Files.writeString(awkward, sb.toString());
        ScoringModel model;
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            model = app.models().bundleForScoring(Progress.NONE).model();
        }
        Table t = Table.read(awkward);
        ScoringModel.Scores expected = model.score(t);
        for (java.util.concurrent.ExecutorService pool : new java.util.concurrent.ExecutorService[] {null,
            java.util.concurrent.Executors.newFixedThreadPool(2)}) {
            try {
                EnrichedBatch batch = EnrichedBatch.read(awkward, BatchScores.spec(model, List.of("amount"), List.of("row", "customer_id")),
                        pool, Progress.NONE);
                BatchScores got = BatchScores.score(model, batch, pool, Progress.NONE);
                assertThat(batch.rows()).isEqualTo(t.rows());
                for (int i = 0; i < t.rows(); i++) {
                    for (int c = 0; c < model.classes().size(); c++) {
                        assertThat(got.probability(i, c)).as("row %d class %d", i, c).isEqualTo(expected.probabilities()[i][c]);
                    }
                    assertThat(got.anomaly()[i]).isEqualTo(expected.anomaly()[i]);
                    assertThat(got.distance()[i]).isEqualTo(expected.clusterDistance()[i]);
                    assertThat(got.cluster()[i]).isEqualTo(expected.cluster()[i]);
                    assertThat(got.finalClass()[i]).isEqualTo(expected.finalClass()[i]);
                    assertThat(batch.text(i, 1)).isEqualTo(t.column("customer_id")[i]);
                }
                assertThat(batch.numeric("amount")).containsExactly(t.numeric("amount"));
            } finally {
                if (pool != null) {
                    pool.shutdownNow();
                }
            }
        }
    }

    @Test
    void checkStageCountsLinesAsReadLineDoes() throws Exception {
        for (String content : new String[] {"", "h", "h\n", "h\na\nb", "h\r\na\r\nb\r\n", "h\ra\rb", "h\n\na\r\r\nb", "h\r"}) {
            Path f = dir.resolve("lines.csv");
            Files.writeString(f, content);
            long expected = 0;
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                while (r.readLine() != null) {
                    expected++;
                }
            }
            assertThat(InboxStageRunner.countLines(f)).as(content.replace("\r", "\\r").replace("\n", "\\n")).isEqualTo(expected);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
