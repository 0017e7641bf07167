package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;
import org.riskbench.core.Json;
import org.riskbench.core.model.RunRecord;

class ScenarioCommandTest {
    @TempDir
    Path dir;


    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private void assertSucceededAndTracked(Path ws, String jobId, String configName) {
        CliTest.Result jobs = CliTest.run("jobs", "list", "--workspace", ws.toString());
        assertThat(jobs.code()).isZero();
        assertThat(jobs.out().lines().filter(l -> l.startsWith(jobId)))
                .singleElement().satisfies(line -> assertThat(line).contains("scenario", "succeeded"));
        try (AppContext app = AppContext.open(ws, 1)) {
            List<RunRecord> runs = app.scenarios().recentRuns(10);
            assertThat(runs).anySatisfy(r -> {
                assertThat(r.id()).isEqualTo(jobId);
                assertThat(r.status()).isEqualTo("succeeded");
                assertThat(r.name()).isEqualTo(configName);
                assertThat(r.metricsJson()).contains("mean_avg_score");
            });
        }
    }

    @Test
    void runsASyntheticConfigWritesItsArtifactsAndTracksTheSucceededJob() throws IOException {
        Path ws = dir.resolve("ws");
        Path config = write("synthetic.yaml", "name: cli_synthetic\nn_scenarios: 4\nseed: 7\n");

        CliTest.Result r = CliTest.run("scenario", "run", "--config", config.toString(), "--job-id", "syn-1", "--workspace", ws.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("scenario job syn-1 succeeded", "4 scenarios");
        Path out = ws.toAbsolutePath().resolve("runs").resolve("syn-1");
        assertThat(out.resolve("summary.json")).isRegularFile();
        assertThat(out.resolve("runs.csv")).isRegularFile();
        assertThat(out.resolve("metadata.json")).isRegularFile();
        assertThat(out.resolve("input_sample.json")).isRegularFile();
        assertThat(out.resolve("input_synthetic.csv")).isRegularFile();
        assertThat(Files.readAllLines(out.resolve("runs.csv"))).hasSize(5);
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("num_scenarios").asInt()).isEqualTo(4);
        assertThat(summary.path("model").path("std_errors").size()).isEqualTo(4);
        assertThat(Json.MAPPER.readTree(out.resolve("metadata.json").toFile()).path("status").asText()).isEqualTo("completed");
        assertSucceededAndTracked(ws, "syn-1", "cli_synthetic");
    }

    @Test
    void runsAConfigOnASmallCsvBesideIt() throws IOException {
        Path ws = dir.resolve("ws");
        StringBuilder csv = new StringBuilder("id,x1,x2,segment,target\n");
        for (int i = 0; i < 30; i++) {
            double x1 = i * 0.5;
            double x2 = (i * 7 % 11) - 5;
            csv.append(i).append(',').append(x1).append(',').append(x2).append(",s").append(i % 3).append(',')
                    .append(3 + 2 * x1 - x2 + ((i % 5) - 2) * 0.1).append('\n');
        }
        write("small.csv", csv.toString());
        Path config = write("small.json", "{\"name\": \"cli_csv\", \"input_path\": \"small.csv\", \"n_scenarios\": 3}");

        CliTest.Result r = CliTest.run("scenario", "run", "--config", config.toString(), "--job-id", "csv-1", "--workspace", ws.toString());

        assertThat(r.code()).as(r.err()).isZero();
        Path out = ws.toAbsolutePath().resolve("runs").resolve("csv-1");
        JsonNode meta = Json.MAPPER.readTree(out.resolve("metadata.json").toFile());
        assertThat(meta.path("input").path("synthetic").asBoolean()).isFalse();
        assertThat(meta.path("input").path("rows_used").asInt()).isEqualTo(30);
        assertThat(meta.path("ignored_columns").toString()).contains("segment");
        JsonNode model = Json.MAPPER.readTree(out.resolve("summary.json").toFile()).path("model");
        assertThat(model.path("coefficients").path("x1").asDouble()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(Files.readAllLines(out.resolve("runs.csv"))).hasSize(4);
        assertSucceededAndTracked(ws, "csv-1", "cli_csv");
    }

    @Test
    void anUnknownKeyIsBadInputNamingTheKey() throws IOException {
        Path config = write("bad.yaml", "name: bad\nn_scenarioz: 3\n");

        CliTest.Result r = CliTest.run("scenario", "run", "--config", config.toString(), "--workspace", dir.resolve("ws").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("n_scenarioz").doesNotContain("Exception");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void brokenJsonOrYamlInAConfigIsOneLineWithLineAndColumn() throws IOException {
        Path json = write("broken.json", "{\"name\": \"x\",\n \"n_scenarios\": [3\n");
        CliTest.Result r = CliTest.run("scenario", "run", "--config", json.toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: " + json + ":3:1: not valid JSON: Unexpected end-of-input: expected "
                + "close marker for Array (start marker at 2:17).");

        Path yaml = write("broken.yaml", "name: x\nn_scenarios: \"3\n");
        CliTest.Result y = CliTest.run("scenario", "run", "--config", yaml.toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(y.code()).isEqualTo(2);
        assertThat(y.err().strip()).isEqualTo("riskbench: " + yaml + ":3:1: not valid YAML: found unexpected end of stream "
                + "(while scanning a quoted scalar that starts at 2:14).");
    }

    @Test
    void aConfigOrInputThatIsNotUtf8TextIsNamedWithWhereInOneLine() throws IOException {
        Path config = Files.write(dir.resolve("binary.yaml"), new byte[] {'n', 'a', (byte) 0xA3, 0x29, '\n'});
        CliTest.Result r = CliTest.run("scenario", "run", "--config", config.toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: " + config + ":1:3: not UTF-8 text (byte 0xA3 at offset 2 is not "
                + "valid UTF-8: binary content, or text in another encoding?); save it as UTF-8.");

        // the input table is read before the job is queued, so a bad one is bad input too, with the same sentence
        Files.write(dir.resolve("binary.csv"), new byte[] {(byte) 0xDB, (byte) 0xD3, 0x75, 0x66, 0x0A});
        Path withInput = write("input.yaml", "name: t\ninput_path: binary.csv\ntarget: y\nn_scenarios: 3\nseed: 1\n");
        CliTest.Result job = CliTest.run("scenario", "run", "--config", withInput.toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(job.code()).isEqualTo(2);
        assertThat(job.err()).contains(dir.resolve("binary.csv").toAbsolutePath() + ":1:1: not UTF-8 text (byte 0xDB at offset 0 ")
                .doesNotContain("Exception", "Input length");
    }

    @Test
    void aRunPastMaxRuntimeFailsWithExitCode1AndMetadataStatusTimeout() throws IOException {
        Path ws = dir.resolve("ws");
        Path big = dir.resolve("big.csv");
        CliTest.Result synth = CliTest.run("synth", "scenario", "--rows", "100000", "--out", big.toString());
        assertThat(synth.code()).as(synth.err()).isZero();
        Path config = write("slow.yaml", "name: too_slow\ninput_path: big.csv\nn_scenarios: 2000\nmax_runtime_sec: 0.001\n");

        CliTest.Result r = CliTest.run("scenario", "run", "--config", config.toString(), "--job-id", "slow-1", "--workspace", ws.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("slow-1", "failed", "max_runtime_sec");
        Path meta = ws.toAbsolutePath().resolve("runs").resolve("slow-1").resolve("metadata.json");
        assertThat(Json.MAPPER.readTree(meta.toFile()).path("status").asText()).isEqualTo("timeout");
    }

    /** A small table y = 3 + 2 x1 - x2 with an id column; {@code cells} overrides cells as "row:column=value". */
    private Path table(String name, String... cells) throws IOException {
        StringBuilder csv = new StringBuilder("id,x1,x2,target\n");
        for (int i = 0; i < 30; i++) {
            String[] row = {Integer.toString(i), Double.toString(i * 0.5), Integer.toString((i * 7 % 11) - 5),
                Double.toString(3 + 2 * i * 0.5 - ((i * 7 % 11) - 5) + ((i % 5) - 2) * 0.1)};
            for (String cell : cells) {
                String[] at = cell.split("[:=]", 3);
                if (Integer.parseInt(at[0]) == i) {
                    row[Integer.parseInt(at[1])] = at[2];
                }
            }
            csv.append(String.join(",", row)).append('\n');
        }
        return write(name, csv.toString());
    }

    private void assertNoJobAndNoRun(Path ws) {
        CliTest.Result jobs = CliTest.run("jobs", "list", "--workspace", ws.toString());
        assertThat(jobs.out()).contains("no jobs in");
        try (AppContext app = AppContext.open(ws, 1)) {
            assertThat(app.scenarios().recentRuns(10)).isEmpty();
        }
        Path runs = ws.toAbsolutePath().resolve("runs");
        if (Files.isDirectory(runs)) {
            assertThat(runs).isEmptyDirectory();
        }
    }

    @Test
    void aColumnOfNumbersWithATypoIsIgnoredButNamedOnStderrInTheJobLogAndInMetadata() throws IOException {
        Path ws = dir.resolve("ws");
        // row 11 is line 13 of the file (header on line 1); x1 is column 2
        Path csv = table("typo.csv", "11:1=abc");
        Path config = write("typo.yaml", "name: typo\ninput_path: typo.csv\nn_scenarios: 2\n");

        CliTest.Result r = CliTest.run("scenario", "run", "--config", config.toString(), "--job-id", "typo-1", "--workspace", ws.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err().strip().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("riskbench: warning: " + csv + ":13:2: column \"x1\" is numeric except \"abc\" (1 of 30 values)")
                .contains("ignored"));
        JsonNode meta = Json.MAPPER.readTree(ws.toAbsolutePath().resolve("runs/typo-1/metadata.json").toFile());
        assertThat(meta.path("ignored_columns").toString()).contains("x1");
        JsonNode x1 = meta.path("input").path("ignored_columns").findParent("first_non_numeric");
        assertThat(x1.path("name").asText()).isEqualTo("x1");
        assertThat(x1.path("mostly_numeric").asBoolean()).isTrue();
        assertThat(x1.path("first_non_numeric").path("line").asLong()).isEqualTo(13);
        assertThat(x1.path("first_non_numeric").path("column").asInt()).isEqualTo(2);
        assertThat(x1.path("first_non_numeric").path("value").asText()).isEqualTo("abc");
        assertThat(meta.path("warnings").toString()).contains(csv + ":13:2");
        CliTest.Result show = CliTest.run("jobs", "show", "typo-1", "--workspace", ws.toString());
        assertThat(show.out()).contains("warning: " + csv + ":13:2: column \"x1\"");
    }

    @Test
    void aTextColumnIsIgnoredWithoutAWarning() throws IOException {
        Path ws = dir.resolve("ws");
        StringBuilder csv = new StringBuilder("x1,segment,target\n");
        for (int i = 0; i < 30; i++) {
            // a code column that happens to hold a few numbers is text, not a typo
            csv.append(i).append(',').append(i % 10 == 0 ? Integer.toString(i) : "s" + i % 3).append(',').append(2 * i + i % 3)
                    .append('\n');
        }
        write("text.csv", csv.toString());
        Path config = write("text.yaml", "input_path: text.csv\nn_scenarios: 2\n");

        CliTest.Result r = CliTest.run("scenario", "run", "--config", config.toString(), "--workspace", ws.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anEmptyConfigFileIsRefusedNamingItWithNoJob() throws IOException {
        Path ws = dir.resolve("ws");
        for (String name : List.of("empty.csv", "empty.yaml", "comments.yaml")) {
            Path config = write(name, name.startsWith("comments") ? "# nothing here yet\n" : "");

            CliTest.Result r = CliTest.run("scenario", "run", "--config", config.toString(), "--workspace", ws.toString());

            assertThat(r.code()).as(name).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(name).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("riskbench: " + config + ": the scenario config is empty").doesNotContain("Exception"));
        }
        assertNoJobAndNoRun(ws);
    }

    @Test
    void aMissingInputFileRunsOnSyntheticDataAndSaysSoInOnePlainLine() throws IOException {
        Path ws = dir.resolve("ws");
        Path config = write("missing.yaml", "input_path: nosuch.csv\nn_scenarios: 2\n");

        CliTest.Result r = CliTest.run("scenario", "run", "--config", config.toString(), "--job-id", "syn-2", "--workspace", ws.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err().strip()).isEqualTo("riskbench: warning: input_path " + dir.resolve("nosuch.csv").toAbsolutePath()
                + " does not exist; the run uses synthetic data, as the spec prescribes");
        assertThat(ws.toAbsolutePath().resolve("runs/syn-2/input_synthetic.csv")).isRegularFile();
    }

    @Test
    void anInputTableTheEngineWouldRefuseIsBadInputBeforeAnyJobOrFolderExists() throws IOException {
        Path ws = dir.resolve("ws");
        byte[] binary = new byte[600];
        new java.util.Random(1).nextBytes(binary);
        binary[0] = (byte) 0xC3; // a UTF-8 lead byte followed by a non-continuation byte: never valid UTF-8
        binary[1] = (byte) 0x28;
        Files.write(dir.resolve("binary.csv"), binary);
        table("good.csv");
        write("headeronly.csv", "id,x1,x2,target\n");
        write("empty.csv", "");
        write("semicolon.csv", Files.readString(dir.resolve("good.csv")).replace(',', ';'));
        table("constant.csv", "0:2=1", "1:2=1", "2:2=1", "3:2=1", "4:2=1", "5:2=1", "6:2=1", "7:2=1", "8:2=1", "9:2=1",
                "10:2=1", "11:2=1", "12:2=1", "13:2=1", "14:2=1", "15:2=1", "16:2=1", "17:2=1", "18:2=1", "19:2=1",
                "20:2=1", "21:2=1", "22:2=1", "23:2=1", "24:2=1", "25:2=1", "26:2=1", "27:2=1", "28:2=1", "29:2=1");
        Map<String, List<String>> cases = Map.of(
                "target: nosuch\ninput_path: good.csv", List.of("good.csv: no target column \"nosuch\"", "x1, x2, target"),
                "input_path: headeronly.csv", List.of("headeronly.csv:1: the file has a header row but no data rows"),
                "input_path: empty.csv", List.of("empty.csv:1: the file is empty"),
                "input_path: semicolon.csv", List.of("semicolon.csv: no target column", "separated by ';'"),
                "input_path: binary.csv", List.of("binary.csv:1:1: not UTF-8 text"),
                "input_path: constant.csv", List.of("constant.csv: ", "x2"));
        for (var c : cases.entrySet()) {
            Path config = write("case.yaml", c.getKey() + "\nn_scenarios: 2\n");

            CliTest.Result r = CliTest.run("scenario", "run", "--config", config.toString(), "--workspace", ws.toString());

            assertThat(r.code()).as(c.getKey() + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(c.getKey()).singleElement().satisfies(line -> {
                assertThat(line).startsWith("riskbench: " + dir.toAbsolutePath());
                c.getValue().forEach(part -> assertThat(line).contains(part));
                assertThat(line).doesNotContain("Exception", "artifacts in");
            });
        }
        assertNoJobAndNoRun(ws);
    }
}
