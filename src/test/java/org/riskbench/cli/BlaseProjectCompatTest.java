package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;

/**
 * The blase workflow's command lines ({@code --step NAME --start_run / --end_run}) and the team's own code in a step:
 * an etl transform and a train model that run a program (here sh and awk, present on any Debian) on CSV files.
 */
class BlaseProjectCompatTest {
    @TempDir
    Path dir;

    private CliTest.Result step(Path project, String step, String... more) {
        List<String> a = new ArrayList<>(List.of("step", "--project", project.toString(), "--step", step));
        a.addAll(List.of(more));
        a.addAll(List.of("--workspace", dir.resolve("ws").toString()));
        return CliTest.run(a.toArray(String[]::new));
    }

    private Path project(String etlCommand, String train) throws Exception {
        Path p = dir.resolve("proj");
        Files.createDirectories(p.resolve("data/raw"));
        Files.createDirectories(p.resolve("scripts"));
        StringBuilder csv = new StringBuilder("x,label\n");
        for (int i = 1; i <= 40; i++) {
            csv.append(i).append(',').append(i % 2 == 0 ? "yes" : "no").append('\n');
        }
        Files.writeString(p.resolve("data/raw/table.csv"), csv.toString());
        // the team's transform: keeps rows with x > 4 and adds x2 = 2x, and says so on stdout and stderr
        Files.writeString(p.resolve("scripts/engineer.sh"), """
                echo "engineering $1" 
                echo "a note on stderr" >&2
                awk -F, 'BEGIN{OFS=","} NR==1{print $0,"x2"; next} $1>4{print $0,$1*2}' "$1" > "$2"
                """);
        Files.writeString(p.resolve("scripts/train.sh"), """
                echo "training on $1"
                cp "$1" "$2/model.csv"
                printf '{"rows": %s, "note": "text is not a metric"}' "$(($(wc -l < "$1") - 1))" > "$2/metrics.json"
                """);
        Files.writeString(p.resolve("project.yaml"), """
                name: blase-example
                model: %s
                sources:
                  - {name: table, path: data/raw/table.csv}
                etl:
                  transforms:
                    - command: %s
                      timeout_sec: 30
                prepare:
                  table: table
                  target: label
                  split: {train: 0.5, val: 0.25, test: 0.25}
                  seed: 1
                train:
                %s
                """.formatted(train.isEmpty() ? "logistic" : "command", etlCommand, train.isEmpty() ? "  iterations: 50" : train));
        return p;
    }

    @Test
    void theDocumentedSpellingWrapsStepsInOneRunAndTheTeamsCommandsTransformAndTrain() throws Exception {
        Path p = project("[sh, scripts/engineer.sh, \"{input}\", \"{output}\"]",
                "  command: sh scripts/train.sh {train} {model_dir}\n  timeout_sec: 30");

        CliTest.Result etl = step(p, "etl", "--start_run");
        assertThat(etl.code()).as(etl.err()).isZero();
        assertThat(etl.out()).contains("(open)", "etl command stdout: engineering ", "etl command stderr: a note on stderr",
                "etl command: 40 rows in, 36 rows out");
        List<String> interim = Files.readAllLines(p.resolve("data/interim/table.csv"));
        assertThat(interim.get(0)).isEqualTo("x,label,row_id,x2");
        assertThat(interim).hasSize(37).contains("5,no,5,10");

        assertThat(step(p, "prepare").code()).isZero();
        CliTest.Result train = step(p, "train", "--end_run");
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("train command stdout: training on ", "(closed)");
        Path model = p.resolve("models/command/model.csv");
        assertThat(model).isRegularFile();
        assertThat(Files.readAllLines(model).get(0)).isEqualTo(Files.readAllLines(p.resolve("data/prepared/train.csv")).get(0));
        JsonNode modelJson = Json.MAPPER.readTree(p.resolve("models/model.json").toFile());
        assertThat(modelJson.path("kind").asText()).isEqualTo("command");
        Path runs = p.resolve("runs");
        try (var list = Files.list(runs)) {
            Path run = list.filter(Files::isDirectory).findFirst().orElseThrow();
            JsonNode runJson = Json.MAPPER.readTree(run.resolve("run.json").toFile());
            assertThat(runJson.path("metrics").path("train.rows").asDouble()).isEqualTo(Files.readAllLines(
                    p.resolve("data/prepared/train.csv")).size() - 1);
            assertThat(runJson.path("metrics").has("train.note")).isFalse();
            assertThat(Files.readString(run.resolve("log.txt"))).contains("[etl] etl command stderr: a note on stderr");
        }

        CliTest.Result evaluate = step(p, "evaluate");
        assertThat(evaluate.code()).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(evaluate.err()).contains("Riskbench cannot score one made by train.command", "metrics.json");
    }

    @Test
    void aCommandThatFailsFailsTheStepWithItsCodeAndLastLineAndKeepsItsOutputInTheRunLog() throws Exception {
        Path p = project("[sh, -c, \"echo reading; echo 'KeyError: monto' >&2; exit 3\"]", "");

        CliTest.Result etl = step(p, "etl");

        assertThat(etl.code()).isEqualTo(Cli.EXIT_JOB_FAILED);
        assertThat(etl.err()).contains("etl.transforms[0].command: 'sh -c echo reading; echo 'KeyError: monto' >&2; exit 3'"
                + " exited with code 3; its last line: KeyError: monto");
        try (var list = Files.list(p.resolve("runs"))) {
            Path run = list.filter(Files::isDirectory).findFirst().orElseThrow();
            assertThat(Files.readString(run.resolve("log.txt"))).contains("etl command stdout: reading",
                    "etl command stderr: KeyError: monto", "FAILED:");
        }
    }

    @Test
    void aCommandPastItsTimeoutIsStoppedAndOneThatCannotStartIsNamed() throws Exception {
        Path p = project("{command: [sh, -c, \"sleep 30\"], timeout_sec: 1}", "");
        Files.writeString(p.resolve("project.yaml"), Files.readString(p.resolve("project.yaml"))
                .replace("    - command: {command: [sh, -c, \"sleep 30\"], timeout_sec: 1}\n      timeout_sec: 30",
                        "    - command: [sh, -c, \"sleep 30\"]\n      timeout_sec: 1"));
        long start = System.nanoTime();
        CliTest.Result slow = step(p, "etl");
        assertThat(slow.code()).isEqualTo(Cli.EXIT_JOB_FAILED);
        assertThat(slow.err()).contains("ran past its timeout of 1 s and was stopped");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);

        Files.writeString(p.resolve("project.yaml"), Files.readString(p.resolve("project.yaml"))
                .replace("[sh, -c, \"sleep 30\"]", "[no-such-program-riskbench, \"{input}\"]"));
        CliTest.Result missing = step(p, "etl");
        assertThat(missing.code()).isEqualTo(Cli.EXIT_JOB_FAILED);
        assertThat(missing.err()).contains("cannot start 'no-such-program-riskbench'", "on the PATH");
    }
}
