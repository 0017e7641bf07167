package org.riskbench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;
import org.riskbench.engine.intake.SyntheticTransactions;

class SecurityAndBadInputTest {
    private static final String TOKEN = "s3cret-token-of-some-length";

    @TempDir
    Path dir;

    @Test
    void anAddressOtherThanLoopbackIsRefusedWithoutAToken() {
        assertThatThrownBy(() -> new ServerOptions("0.0.0.0", 0, null, List.of(), false, 1000, Duration.ofSeconds(5), ServerOptions.DEFAULT_REQUEST_TIMEOUT, Duration.ZERO))
                .isInstanceOf(InputException.class).hasMessageContaining("--token-file");
        assertThat(new ServerOptions("0.0.0.0", 0, TOKEN, List.of(), false, 1000, Duration.ofSeconds(5), ServerOptions.DEFAULT_REQUEST_TIMEOUT, Duration.ZERO).bind())
                .isEqualTo("0.0.0.0");
        assertThat(new ServerOptions("localhost", 0, null, List.of(), false, 1000, Duration.ofSeconds(5), ServerOptions.DEFAULT_REQUEST_TIMEOUT, Duration.ZERO).token()).isNull();
    }

    @Test
    void withATokenEveryApiCallNeedsItAndMetricsPublicOpensOnlyTheMonitoringEndpoints() throws Exception {
        try (ServedWorkspace served = new ServedWorkspace(dir.resolve("ws"), ServerOptions.loopback(0).withToken(TOKEN))) {
            ApiClient anonymous = served.client(null);
            ApiClient.Answer denied = anonymous.get("/api/v1/jobs");
            assertThat(denied.status()).isEqualTo(401);
            assertThat(denied.json().path("field").asText()).isEqualTo("Authorization");
            assertThat(denied.response().headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(served.client("wrong-token").get("/api/v1/jobs").status()).isEqualTo(401);
            assertThat(served.client(TOKEN + "x").get("/api/v1/jobs").status()).isEqualTo(401);
            assertThat(anonymous.get("/metrics").status()).isEqualTo(401);
            assertThat(anonymous.get("/healthz").status()).isEqualTo(401);
            assertThat(anonymous.get("/state").status()).isEqualTo(401);
            assertThat(anonymous.post("/api/v1/jobs/x/cancel").status()).isEqualTo(401);
            assertThat(served.client.get("/api/v1/jobs").status()).isEqualTo(200);
            assertThat(served.client.get("/metrics").status()).isEqualTo(200);
        }
        try (ServedWorkspace served = new ServedWorkspace(dir.resolve("ws2"),
                ServerOptions.loopback(0).withToken(TOKEN).withMetricsPublic(true))) {
            ApiClient anonymous = served.client(null);
            assertThat(anonymous.get("/metrics").status()).isEqualTo(200);
            assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
            assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
            assertThat(anonymous.get("/api/v1/jobs").status()).isEqualTo(401);
            assertThat(anonymous.get("/state").status()).isEqualTo(401);
        }
    }

    @Test
    void uploadsOverTheLimitAre413AndLeaveNothingBehind() throws Exception {
        Path tx = dir.resolve("tx.csv");
        SyntheticTransactions.write(tx, 2000, 1, SyntheticTransactions.Dialect.EN);
        long size = Files.size(tx);
        Path ws = dir.resolve("ws");
        try (ServedWorkspace served = new ServedWorkspace(ws, ServerOptions.loopback(0).withMaxUploadBytes(size / 2))) {
            ApiClient.Answer raw = served.client.postCsv("/api/v1/analyses", tx);
            assertThat(raw.status()).as(raw.body()).isEqualTo(413);
            assertThat(raw.json().path("error").asText()).contains("limit of " + size / 2 + " bytes");
            // a chunked body (no Content-Length) is cut off while it streams
            ApiClient.Answer chunked = served.client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(served.serving.address() + "/api/v1/analyses")).header("Content-Type", "text/csv")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> {
                        try {
                            return Files.newInputStream(tx);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })).build());
            assertThat(chunked.status()).as(chunked.body()).isEqualTo(413);
            ApiClient.Answer multipart = served.client.postMultipart("/api/v1/analyses", ApiClient.parts("file", tx));
            assertThat(multipart.status()).as(multipart.body()).isEqualTo(413);
            assertThat(multipart.json().has("error")).isTrue();
            try (var left = Files.list(ws.resolve("uploads"))) {
                assertThat(left.filter(p -> !p.getFileName().toString().startsWith("."))).isEmpty();
            }
            assertThat(served.app.inbox().list()).isEmpty();
            ApiClient.Answer bigJson = served.client.postJson("/api/v1/replays", "{\"series\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}");
            assertThat(bigJson.status()).isEqualTo(413);
        }
    }

    @Test
    void idsAreCheckedAgainstTheirFormat() {
        try (ServedWorkspace served = ServedWorkspace.loopback(dir.resolve("ws"))) {
            ApiClient.Answer traversal = served.client.get("/api/v1/jobs/..%2F..%2Fetc");
            assertThat(traversal.status()).isIn(400, 404);
            ApiClient.Answer dots = served.client.get("/api/v1/jobs/a..b");
            assertThat(dots.status()).isEqualTo(400);
            assertThat(dots.json().path("field").asText()).isEqualTo("job_id");
            ApiClient.Answer odd = served.client.get("/api/v1/analyses/an$1");
            assertThat(odd.status()).isEqualTo(400);
            assertThat(odd.json().path("field").asText()).isEqualTo("analysis_id");
            assertThat(served.client.get("/api/v1/runs/" + "r".repeat(200)).status()).isEqualTo(400);
            ApiClient.Answer badJobId = served.client.postJson("/api/v1/scenarios", "{\"config\": \"x.json\", \"job_id\": \"../evil\"}");
            assertThat(badJobId.status()).isEqualTo(400);
        }
    }

    @Test
    void pathsInBodiesMustResolveInsideTheWorkspaceOrAnAllowedFolderAfterLinks() throws Exception {
        Path ws = dir.resolve("ws");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path series = Files.copy(Path.of("sample-data/series/synthetic-regime.csv"), outside.resolve("series.csv"));
        Path profile = Files.copy(Path.of("sample-data/profiles/default.yaml"), outside.resolve("default.yaml"));
        Files.createDirectories(ws);
        Files.createSymbolicLink(ws.resolve("link.csv"), series);
        try (ServedWorkspace served = ServedWorkspace.loopback(ws)) {
            Files.copy(profile, ws.resolve("default.yaml"));
            for (String path : List.of(series.toString(), "link.csv", "../outside/series.csv", "/etc/passwd")) {
                ApiClient.Answer refused = served.client.postJson("/api/v1/replays",
                        "{\"series\": \"" + path + "\", \"profile\": \"default.yaml\"}");
                assertThat(refused.status()).as(path + ": " + refused.body()).isEqualTo(400);
                assertThat(refused.json().path("field").asText()).isEqualTo("series");
                assertThat(refused.json().path("error").asText()).contains("outside the workspace");
            }
            ApiClient.Answer missing = served.client.postJson("/api/v1/replays", "{\"series\": \"nope.csv\", \"profile\": \"default.yaml\"}");
            assertThat(missing.json().path("error").asText()).contains("no file 'nope.csv'");
        }
        try (ServedWorkspace served = new ServedWorkspace(ws, ServerOptions.loopback(0).withAllowDirs(List.of(outside)))) {
            ApiClient.Answer allowed = served.client.postJson("/api/v1/replays",
                    "{\"series\": \"link.csv\", \"profile\": \"" + profile + "\"}");
            assertThat(allowed.status()).as(allowed.body()).isEqualTo(202);
            served.client.await(allowed.json().path("status_url").asText(), ApiClient::jobEnded, Duration.ofSeconds(60));
        }
    }

    @Test
    void malformedJsonUnknownFieldsWrongTypesAndBadYamlAre400NamingTheField() throws Exception {
        Path ws = dir.resolve("ws");
        Files.createDirectories(ws);
        Files.copy(Path.of("sample-data/series/synthetic-regime.csv"), ws.resolve("s.csv"));
        Path badYaml = Files.writeString(dir.resolve("bad.yaml"), "icp:\n  alpha_target: [unclosed\n");
        try (ServedWorkspace served = ServedWorkspace.loopback(ws)) {
            ApiClient api = served.client;
            ApiClient.Answer unknown = api.postJson("/api/v1/replays", "{\"serie\": \"s.csv\"}");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.json().path("field").asText()).isEqualTo("serie");
            assertThat(unknown.json().path("error").asText()).contains("unknown field 'serie'", "series");
            ApiClient.Answer wrongType = api.postJson("/api/v1/scenarios", "{\"config\": \"c.json\", \"threads\": \"two\"}");
            assertThat(wrongType.status()).isEqualTo(400);
            assertThat(wrongType.json().path("field").asText()).isEqualTo("threads");
            Files.writeString(ws.resolve("c.json"), "{\"n_scenarios\": 2}");
            ApiClient.Answer tooMany = api.postJson("/api/v1/scenarios", "{\"config\": \"c.json\", \"threads\": 100000}");
            assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(400);
            assertThat(tooMany.json().path("field").asText()).isEqualTo("threads");
            assertThat(tooMany.json().path("error").asText()).startsWith("threads must be between 1 and");
            ApiClient.Answer numberAsText = api.postJson("/api/v1/replays", "{\"series\": 42}");
            assertThat(numberAsText.json().path("field").asText()).isEqualTo("series");
            ApiClient.Answer nested = api.postJson("/api/v1/analyses/an-1/feedback", "{}");
            assertThat(nested.status()).isEqualTo(404);
            ApiClient.Answer malformed = api.postJson("/api/v1/replays", "{\"series\": \"s.csv\",");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.json().path("error").asText()).contains("malformed JSON at line 1");
            ApiClient.Answer notObject = api.postJson("/api/v1/replays", "[1, 2]");
            assertThat(notObject.status()).isEqualTo(400);
            ApiClient.Answer yaml = api.postMultipart("/api/v1/replays", ApiClient.parts("series", ws.resolve("s.csv"), "profile", badYaml));
            assertThat(yaml.status()).as(yaml.body()).isEqualTo(400);
            assertThat(yaml.json().path("field").asText()).isEqualTo("profile");
            assertThat(yaml.body()).doesNotContain(ws.resolve("uploads").toString(), "Exception");
            ApiClient.Answer form = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(served.serving.address()
                    + "/api/v1/replays")).header("Content-Type", "text/plain").POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build());
            assertThat(form.json().path("field").asText()).isEqualTo("Content-Type");
        }
    }

    @Test
    void aConnectionThatStallsIsClosedAfterTheIdleTimeout() throws Exception {
        try (ServedWorkspace served = new ServedWorkspace(dir.resolve("ws"),
                ServerOptions.loopback(0).withIdleTimeout(Duration.ofMillis(500)));
             Socket socket = new Socket("127.0.0.1", served.serving.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII)); // never finished
            out.flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) > 0) {
                // whatever the server says (a 408), the connection must then end
                assertThat(n).isPositive();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void anUploadTrickledSlowerThanTheRequestTimeoutIsAnswered408AndNothingIsQueued() throws Exception {
        try (ServedWorkspace served = new ServedWorkspace(dir.resolve("ws"),
                ServerOptions.loopback(0).withRequestTimeout(Duration.ofMillis(1500)));
             Socket socket = new Socket("127.0.0.1", served.serving.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/analyses HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\n"
                    + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // a byte every 200 ms: never idle for the connector, far slower than the request timeout allows
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 60 && Duration.ofNanos(System.nanoTime() - start).toSeconds() < 12; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(200);
                    if (socket.getInputStream().available() > 0) {
                        break;
                    }
                }
            } catch (java.io.IOException closedByServer) {
                // the server may close while we still send: its answer is already in our receive buffer
            }
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(answer).contains("\"error\"", "did not arrive whole within 1 s", "--request-timeout-sec")
                    .doesNotContain("Exception");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(12));
            assertThat(served.app.jobs().list(java.util.EnumSet.noneOf(org.riskbench.core.model.JobStatus.class), null, 10))
                    .isEmpty();
            try (var files = java.nio.file.Files.walk(dir.resolve("ws"))) {
                assertThat(files.filter(java.nio.file.Files::isRegularFile).map(Object::toString)
                        .filter(f -> f.contains("uploads") || f.contains("inbox"))).as("nothing half-written").isEmpty();
            }
        }
    }
}
