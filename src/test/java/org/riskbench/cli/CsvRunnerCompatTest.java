package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.testsupport.CompatFiles;

/** The CSV runner's smoke test and commands (docs/migration.md): one analysis by its id, ids given, files by hand. */
class CsvRunnerCompatTest {
    @TempDir
    Path dir;

    private Path smokeInput() throws Exception {
        Path target = dir.resolve("test_input.csv");
        if (Files.exists(target)) {
            return target;
        }
        return CompatFiles.copy("tarantula", "test_input.csv", target);
    }

    private CliTest.Result run(String... args) {
        return CliTest.runIn(dir.resolve("ws"), args);
    }

    @Test
    void theSmokeTestRunsUnderItsOwnIdAndOneAnalysisIsProcessedAlone() throws Exception {
        Path input = smokeInput();

        CliTest.Result infer = run("infer", input.toString(), "--analysis-id", "test_001");
        assertThat(infer.code()).as(infer.err()).isZero();
        assertThat(infer.out()).contains("queued test_001 (test_input.csv, 2 rows enriched)", "processed test_001: ");
        Path processed = dir.resolve("ws/inbox/processed");
        JsonNode result = Json.MAPPER.readTree(processed.resolve("test_001.json").toFile());
        assertThat(result.path("analysis_id").asText()).isEqualTo("test_001");
        assertThat(result.path("scoring").path("row_count").asInt()).isEqualTo(2);

        // the id is unique and of a file name's form, checked before anything is queued
        CliTest.Result again = run("infer", input.toString(), "--analysis-id", "test_001");
        assertThat(again.code()).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(again.err()).contains("--analysis-id: an analysis 'test_001' already exists in the inbox (state processed)");
        CliTest.Result bad = run("infer", input.toString(), "--analysis-id", "../etc/x");
        assertThat(bad.code()).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(bad.err()).contains("'../etc/x' is not an analysis id");
        assertThat(run("inbox", "list").out().lines().filter(l -> !l.startsWith("ANALYSIS"))).hasSize(1);

        // two queued; 'inbox process <id>' takes the one named and leaves the other pending
        String first;
        String second;
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            first = app.inbox().submit(input, IntakeOptions.defaults(), Progress.NONE).analysisId();
            second = app.inbox().submit(input, IntakeOptions.defaults(), Progress.NONE).analysisId();
        }
        CliTest.Result one = run("inbox", "process", second);
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.out()).contains("processed " + second, "1 processed, 0 failed");
        assertThat(dir.resolve("ws/inbox/pending/" + first + ".csv")).isRegularFile();
        assertThat(processed.resolve(second + ".json")).isRegularFile();

        CliTest.Result notPending = run("inbox", "process", second);
        assertThat(notPending.code()).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(notPending.err()).contains("analysis '" + second + "' is not pending in the inbox but processed");
        CliTest.Result unknown = run("inbox", "process", "test_404");
        assertThat(unknown.code()).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(unknown.err()).contains("is not pending in the inbox but unknown");
    }

    @Test
    void aFailedFileDroppedByHandIsListedWithItsErrorAndCanBeRetried() throws Exception {
        Path failed = dir.resolve("ws/inbox/failed");
        assertThat(run("inbox", "list").code()).isZero(); // makes the workspace
        Files.copy(smokeInput(), failed.resolve("hand_001.csv"));
        Files.writeString(failed.resolve("hand_001_error.json"), "{\"analysis_id\": \"hand_001\", \"stage\": \"ml\","
                + " \"message\": \"KeyError: monto\"}");
        Files.copy(smokeInput(), failed.resolve("hand_002.csv"));

        CliTest.Result list = run("inbox", "list");

        assertThat(list.out()).containsPattern("hand_001 +failed .*test|hand_001 +failed")
                .contains("hand_001.csv (put there by hand)", "(ml: KeyError: monto)", "hand_002.csv (put there by hand)",
                        "(no error file)");
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            app.inbox().retry("hand_001");
            assertThat(app.inbox().stateOnDisk("hand_001")).isEqualTo("pending");
        }
        assertThat(run("inbox", "list").out()).containsPattern("hand_001 +pending");
    }

    @Test
    void fraccionIsOneHotEncodedWhenTheTrainingDataHasIt() throws Exception {
        Path tx = dir.resolve("tx.csv");
        assertThat(CliTest.run("synth", "transactions", "--rows", "1500", "--seed", "3", "--out", tx.toString()).code()).isZero();
        List<String> lines = Files.readAllLines(tx);
        StringBuilder withFraccion = new StringBuilder(lines.get(0) + ",fraccion\n");
        String[] fracciones = {"XIII", "XV", "XVI"};
        for (int i = 1; i < lines.size(); i++) {
            withFraccion.append(lines.get(i)).append(',').append(fracciones[i % 3]).append('\n');
        }
        Path data = dir.resolve("tx_fraccion.csv");
        Files.writeString(data, withFraccion.toString());
        Path bundle = dir.resolve("bundle");

        CliTest.Result train = run("model", "train", "--data", data.toString(), "--label", "label", "--out", bundle.toString());

        assertThat(train.code()).as(train.err()).isZero();
        JsonNode columns = Json.MAPPER.readTree(bundle.resolve("manifest.json").toFile()).path("columns");
        List<String> names = new java.util.ArrayList<>();
        columns.forEach(c -> names.add(c.asText()));
        assertThat(names).contains("fraccion=XIII", "fraccion=XV", "fraccion=XVI");

        // a batch with fraccion is scored with it; one without reads as no level (all zeros), as the runner did
        CliTest.Result with = run("infer", data.toString(), "--model", bundle.toString(), "--analysis-id", "with_fraccion");
        assertThat(with.code()).as(with.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("ws/inbox/processed/with_fraccion.csv")).get(0)).contains(",fraccion,");
        CliTest.Result without = run("infer", smokeInput().toString(), "--model", bundle.toString());
        assertThat(without.code()).as(without.err()).isZero();
    }
}
