package org.riskbench.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;
import org.riskbench.app.ReplayService;
import org.riskbench.core.Json;

class MetricsAndHealthTest {
    @TempDir
    Path dir;

    /** One sample of the text exposition: name, labels, value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Parses Prometheus' text format; every line is a comment (# HELP / # TYPE) or a well-formed sample. */
    static List<Sample> parse(String exposition) {
        List<Sample> out = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as("exposition line: %s", line).isTrue();
            Map<String, String> labels = new HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4).replace("+Inf", "Infinity"))));
        }
        return out;
    }

    static List<Sample> named(List<Sample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    private Path copySample(String relative) throws Exception {
        Path target = dir.resolve("ws").resolve("inputs").resolve(Path.of(relative).getFileName());
        Files.createDirectories(target.getParent());
        return Files.copy(Path.of(relative), target);
    }

    @Test
    void healthReadinessStateAndMetricsDescribeTheWorkspaceIncludingWorkOfOtherProcesses() throws Exception {
        Path ws = dir.resolve("ws");
        try (ServedWorkspace served = ServedWorkspace.loopback(ws)) {
            ApiClient api = served.client;
            assertThat(api.get("/healthz").status()).isEqualTo(200);
            ApiClient.Answer ready = api.get("/readyz");
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);

            Path series = copySample("sample-data/series/synthetic-regime.csv");
            Path profile = copySample("sample-data/profiles/default.yaml");
            ApiClient.Answer submitted = api.postJson("/api/v1/replays",
                    "{\"series\": \"inputs/synthetic-regime.csv\", \"profile\": \"" + profile + "\"}");
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
            String jobId = submitted.json().path("job_id").asText();
            JsonNode job = api.await("/api/v1/jobs/" + jobId, ApiClient::jobEnded, Duration.ofSeconds(60));
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");

            // a second context on the same folder stands for the CLI or the GUI: its replay counts too
            try (AppContext other = AppContext.open(ws, 1)) {
                other.replays().submit(new ReplayService.ReplayRequest(series, profile, null, null, null, "cli-replay")).await();
            }

            JsonNode state = api.get("/state").json();
            JsonNode p = state.path("profiles").get(0);
            assertThat(p.path("profile").asText()).isEqualTo("default");
            assertThat(p.path("state").asText()).isIn("PASS", "DERISK", "BLOCK");
            assertThat(p.path("replays").asInt()).isEqualTo(2);
            assertThat(p.path("last_run_id").asText()).isEqualTo("cli-replay");
            assertThat(p.path("drift_watch").asText()).isIn("OBSERVE", "WARN", "STABLE");
            assertThat(p.path("risk_scale").isNumber()).isTrue();

            ApiClient.Answer scrape = api.get("/metrics");
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.response().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            List<Sample> samples = parse(scrape.body());
            assertThat(named(samples, "riskbench_jobs_total")).anySatisfy(s -> {
                assertThat(s.labels()).containsEntry("kind", "replay").containsEntry("status", "succeeded");
                assertThat(s.value()).isEqualTo(2.0);
            });
            assertThat(named(samples, "riskbench_jobs_running")).hasSize(1);
            assertThat(named(samples, "riskbench_ready")).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(1.0));
            assertThat(named(samples, "riskbench_job_duration_seconds_count")).anySatisfy(s -> {
                assertThat(s.labels()).containsEntry("kind", "replay");
                assertThat(s.value()).isEqualTo(2.0);
            });
            assertThat(named(samples, "riskbench_job_duration_seconds_bucket")).anySatisfy(s ->
                    assertThat(s.labels()).containsEntry("le", "+Inf").containsEntry("kind", "replay"));
            assertThat(named(samples, "riskbench_inbox_files")).extracting(s -> s.labels().get("state"))
                    .containsExactlyInAnyOrder("pending", "processing", "processed", "failed");
            for (String gauge : List.of("aurora_state", "aurora_coverage_ema", "aurora_alpha", "aurora_surprisal_p95",
                    "aurora_execution_risk_scale", "aurora_drift_watch_state")) {
                assertThat(named(samples, gauge)).as(gauge).singleElement()
                        .satisfies(s -> assertThat(s.labels()).containsEntry("profile", "default"));
            }
            assertThat(named(samples, "aurora_state").get(0).value()).isIn(0.0, 1.0, 2.0);
            assertThat(named(samples, "aurora_execution_block_total")).extracting(s -> s.labels().get("reason"))
                    .containsExactlyInAnyOrder("guard_surprisal", "guard_coverage", "guard_latency", "guard_width", "decision");
            assertThat(named(samples, "aurora_transitions_total")).hasSize(6)
                    .allSatisfy(s -> assertThat(s.labels()).containsKeys("profile", "from", "to"));
            // two replays of one series: each transition count is twice the one replay's
            JsonNode summary = Json.MAPPER.readTree(Files.readString(Path.of(job.path("params").isMissingNode() ? "" :
                    served.app.tracking().show(jobId).outputDir().resolve("summary.json").toString())));
            long passToDerisk = summary.path("transitions").path("PASS->DERISK").asLong();
            assertThat(named(samples, "aurora_transitions_total")).anySatisfy(s -> {
                assertThat(s.labels()).containsEntry("from", "PASS").containsEntry("to", "DERISK");
                assertThat(s.value()).isEqualTo(2.0 * passToDerisk);
            });
            assertThat(samples).anySatisfy(s -> assertThat(s.name()).startsWith("jvm_memory_"));

            JsonNode openApi = api.get("/api/v1/openapi.json").json();
            assertThat(openApi.path("openapi").asText()).startsWith("3.");
            assertThat(openApi.path("paths").has("/api/v1/analyses")).isTrue();
        }
    }

    @Test
    void unknownEndpointsAndMethodsAnswerTheErrorShape() {
        try (ServedWorkspace served = ServedWorkspace.loopback(dir.resolve("ws"))) {
            ApiClient.Answer missing = served.client.get("/api/v1/nothing");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json().path("error").asText()).contains("no such endpoint");
            assertThat(missing.json().has("field")).isTrue();
        }
    }
}
