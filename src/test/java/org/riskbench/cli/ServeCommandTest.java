package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.Launcher;
import org.riskbench.app.AppContext;
import org.riskbench.core.model.JobStatus;
import org.riskbench.testsupport.ChildJvm;

class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void bindingBeyondLoopbackWithoutATokenIsRefusedAtStart() throws Exception {
        CliTest.Result r = CliTest.run("serve", "--bind", "0.0.0.0", "--port", "0", "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--token-file").doesNotContain("Exception");
        Path shortToken = Files.writeString(dir.resolve("token"), "abc\n");
        CliTest.Result weak = CliTest.run("serve", "--bind", "0.0.0.0", "--token-file", shortToken.toString(), "--port", "0",
                "--workspace", dir.resolve("ws").toString());
        assertThat(weak.code()).isEqualTo(2);
        assertThat(weak.err()).contains("at least 16");
    }

    /** A real process: SIGTERM stops it; a job still running after the grace period is left as a crash leaves it. */
    @Test
    void sigtermStopsTheServerAndLeavesAJobPastTheGracePeriodInterruptedAndRetryable() throws Exception {
        Path ws = dir.resolve("ws");
        Files.createDirectories(ws.resolve("inputs"));
        Files.copy(Path.of("sample-data/series/synthetic-regime.csv"), ws.resolve("inputs/s.csv"));
        Files.copy(Path.of("sample-data/profiles/default.yaml"), ws.resolve("inputs/default.yaml"));
        Process server = ChildJvm.start(Launcher.class, "serve", "--port", "0", "--grace-sec", "1", "--workspace", ws.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String address = null;
            Pattern serving = Pattern.compile("serving .* on (http://127\\.0\\.0\\.1:\\d+) ");
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher m = serving.matcher(line);
                if (m.find()) {
                    address = m.group(1);
                    break;
                }
            }
            assertThat(address).as("the server's start line").isNotNull();
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(address + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            String grid = "hysteresis.dwell_pass=[" + IntStream.rangeClosed(1, 80).mapToObj(String::valueOf).collect(Collectors.joining(","))
                    + "];kappa.tau_pass=[" + IntStream.rangeClosed(0, 39).mapToObj(i -> String.valueOf(0.30 + i * 0.01)).collect(Collectors.joining(","))
                    + "];guards.latency_p95.soft=[" + IntStream.rangeClosed(0, 29).mapToObj(i -> String.valueOf(200 + 10 * i)).collect(Collectors.joining(",")) + "]";
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(address + "/api/v1/calibrations"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"series\": \"inputs/s.csv\","
                            + " \"profile\": \"inputs/default.yaml\", \"grid\": \"" + grid + "\", \"threads\": 1, \"job_id\": \"long\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            for (int i = 0; i < 300; i++) {
                String job = http.send(HttpRequest.newBuilder(URI.create(address + "/api/v1/jobs/long")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (job.contains("\"status\":\"running\"")) {
                    break;
                }
                Thread.sleep(100);
            }
            server.destroy(); // SIGTERM
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server ends after its grace period").isTrue();
        } finally {
            server.destroyForcibly();
        }
        try (AppContext app = AppContext.open(ws, 1)) {
            var job = app.jobs().find("long").orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.errorMessage()).contains("interrupted");
            assertThat(app.jobs().retry("long").id()).isEqualTo("long-attempt2");
            app.jobs().cancel("long-attempt2");
        }
    }
}
