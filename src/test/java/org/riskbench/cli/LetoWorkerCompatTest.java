package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.testsupport.CompatFiles;
import org.slf4j.LoggerFactory;

/** The Leto BLRM worker's command lines, config files and outputs, as its README (docs/migration.md) writes them. */
class LetoWorkerCompatTest {
    @TempDir
    Path dir;

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level before = root.getLevel();

    @AfterEach
    void restoreLevel() {
        root.setLevel(before);
    }

    private static CliTest.Result run(String... args) {
        return CliTest.run(args);
    }

    private Path resource(String name) throws IOException {
        return CompatFiles.copy("leto", name, dir.resolve("configs").resolve(name));
    }

    @Test
    void theQuickStartRunsWithoutAConfigOnTheWorkersDefaultsAndLabelsTheJobWithItsSphere() throws IOException {
        Path ws = dir.resolve("ws");
        Path out = dir.resolve("data/leto_blrm_runs");

        CliTest.Result r = run("scenario", "run", "--job-id", "leto-demo-001", "--sphere", "orunmila",
                "--output-dir", out.toString(), "--workspace", ws.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(root.getLevel()).as("the worker logged at INFO by default").isEqualTo(Level.INFO);
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("num_scenarios").asInt()).isEqualTo(5);
        assertThat(summary.path("seed").asLong()).isEqualTo(42);
        assertThat(out.resolve("input_synthetic.csv")).isRegularFile();

        CliTest.Result orunmila = run("jobs", "list", "--sphere", "orunmila", "--workspace", ws.toString());
        assertThat(orunmila.out()).contains("leto-demo-001");
        CliTest.Result forge = run("jobs", "list", "--sphere", "forge", "--workspace", ws.toString());
        assertThat(forge.code()).isZero();
        assertThat(forge.out()).doesNotContain("leto-demo-001");
        assertThat(run("jobs", "show", "leto-demo-001", "--workspace", ws.toString()).out()).contains("\"sphere\":\"orunmila\"");
    }

    @Test
    void metadataNamesTheSummaryAndRunsPathsAndRunsCsvKeepsTheNineDocumentedColumnsFirst() throws IOException {
        Path out = dir.resolve("out");
        CliTest.Result r = run("scenario", "run", "--job-id", "leto-002", "--output-dir", out.toString(),
                "--workspace", dir.resolve("ws").toString(), "--log-level", "WARNING");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        JsonNode metadata = Json.MAPPER.readTree(out.resolve("metadata.json").toFile());
        assertThat(Path.of(metadata.path("summary_path").asText())).isEqualTo(out.toAbsolutePath().resolve("summary.json"));
        assertThat(Path.of(metadata.path("runs_path").asText())).isEqualTo(out.toAbsolutePath().resolve("runs.csv"));
        assertThat(metadata.path("num_scenarios").asInt()).isEqualTo(5);
        List<String> header = List.of(Files.readAllLines(out.resolve("runs.csv")).get(0).split(","));
        assertThat(header.subList(0, 9)).containsExactly("scenario_id", "seed", "num_rows", "avg_score", "max_score",
                "min_score", "p_hit", "num_hits", "runtime_sec");
        assertThat(header.subList(9, header.size())).containsExactly("score_p05", "score_p50", "score_p95", "es_95", "rmse", "mae");
    }

    @Test
    void theReadmesCustomConfigsRunAsWrittenWithSyntheticDataForTheirMissingInput() throws IOException {
        for (String name : List.of("custom.json", "custom.yaml")) {
            Path config = resource(name);
            // both configs name the same output_dir: the second replaces the first's run, which takes --overwrite
            CliTest.Result r = run("scenario", "run", "--job-id", "leto-" + name.replace('.', '-'),
                    "--config", config.toString(), "--overwrite", "--workspace", dir.resolve("ws").toString());

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("10 scenarios");
            Path out = config.getParent().resolve("data/leto_output"); // output_dir relative to the config's folder
            JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
            assertThat(summary.path("config_name").asText()).isEqualTo("leto_blrm_custom");
            assertThat(summary.path("seed").asLong()).isEqualTo(123);
            assertThat(out.resolve("input_synthetic.csv")).isRegularFile();
        }
    }

    @Test
    void refusesAnUnknownSphereOrLogLevelNamingTheValuesAccepted() {
        CliTest.Result sphere = run("scenario", "run", "--sphere", "apollo", "--workspace", dir.resolve("ws").toString());
        assertThat(sphere.code()).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(sphere.err()).contains("--sphere: 'apollo' is not one of forge, orunmila");
        assertThat(run("jobs", "list", "--workspace", dir.resolve("ws").toString()).out()).startsWith("no jobs");

        CliTest.Result level = run("jobs", "list", "--log-level", "LOUD", "--workspace", dir.resolve("ws").toString());
        assertThat(level.code()).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(level.err()).contains("'LOUD' is not one of ERROR, WARN, INFO, DEBUG");
    }
}
