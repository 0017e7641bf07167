package org.riskbench.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkAndJobsApiTest {
    @TempDir
    Path dir;

    private static Path copy(String relative, Path folder) throws Exception {
        Files.createDirectories(folder);
        return Files.copy(Path.of(relative), folder.resolve(Path.of(relative).getFileName()));
    }

    @Test
    void replaysScenariosAndCalibrationsRunFromUploadsOrWorkspacePathsAndAreTrackedRuns() throws Exception {
        Path ws = dir.resolve("ws");
        Path inputs = ws.resolve("inputs");
        copy("sample-data/series/synthetic-regime.csv", inputs);
        copy("sample-data/profiles/profiles.yaml", inputs);
        copy("sample-data/grids/basic.txt", inputs);
        copy("sample-data/scenarios/synthetic.json", inputs);
        try (ServedWorkspace served = ServedWorkspace.loopback(ws)) {
            ApiClient api = served.client;
            ApiClient.Answer replay = api.postMultipart("/api/v1/replays", ApiClient.parts(
                    "series", Path.of("sample-data/series/synthetic-regime.csv"), "profile", Path.of("sample-data/profiles/profiles.yaml"),
                    "profile_name", "strict", "job_id", "replay-upload"));
            assertThat(replay.status()).as(replay.body()).isEqualTo(202);
            assertThat(replay.json().path("job_id").asText()).isEqualTo("replay-upload");

            ApiClient.Answer scenario = api.postJson("/api/v1/scenarios", "{\"config\": \"inputs/synthetic.json\", \"threads\": 1}");
            assertThat(scenario.status()).as(scenario.body()).isEqualTo(202);
            ApiClient.Answer scenarioUpload = api.postMultipart("/api/v1/scenarios",
                    ApiClient.parts("config", Path.of("sample-data/scenarios/synthetic.json")));
            assertThat(scenarioUpload.status()).as(scenarioUpload.body()).isEqualTo(202);

            ApiClient.Answer calibration = api.postJson("/api/v1/calibrations", "{\"series\": \"inputs/synthetic-regime.csv\","
                    + " \"profile\": \"inputs/profiles.yaml\", \"profile_name\": \"default\", \"grid\": \"@inputs/basic.txt\", \"top_k\": 3}");
            assertThat(calibration.status()).as(calibration.body()).isEqualTo(202);
            ApiClient.Answer calibrationUpload = api.postMultipart("/api/v1/calibrations", ApiClient.parts(
                    "series", Path.of("sample-data/series/synthetic-regime.csv"), "profile", Path.of("sample-data/profiles/default.yaml"),
                    "grid", Path.of("sample-data/grids/basic.yaml")));
            assertThat(calibrationUpload.status()).as(calibrationUpload.body()).isEqualTo(202);

            for (ApiClient.Answer a : new ApiClient.Answer[] {replay, scenario, scenarioUpload, calibration, calibrationUpload}) {
                JsonNode job = api.await(a.json().path("status_url").asText(), ApiClient::jobEnded, Duration.ofSeconds(120));
                assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");
                assertThat(job.path("log_tail").size()).isPositive();
            }
            JsonNode replays = api.get("/api/v1/jobs?kind=replay&status=succeeded").json().path("jobs");
            assertThat(replays).hasSize(1);
            assertThat(api.get("/api/v1/jobs?kind=calibration").json().path("jobs")).hasSize(2);
            assertThat(api.get("/api/v1/jobs?status=exploded").json().path("field").asText()).isEqualTo("status");
            assertThat(api.get("/api/v1/jobs?kind=cooking").status()).isEqualTo(400);

            JsonNode run = api.get("/api/v1/runs/replay-upload").json();
            assertThat(run.path("kind").asText()).isEqualTo("replay");
            assertThat(run.path("params").path("profile_name").asText()).isEqualTo("strict");
            JsonNode summaryArtifact = null;
            for (JsonNode artifact : run.path("artifacts")) {
                if (artifact.path("path").asText().equals("summary.json")) {
                    summaryArtifact = artifact;
                }
            }
            assertThat(summaryArtifact).isNotNull();
            ApiClient.Answer download = api.get(summaryArtifact.path("url").asText());
            assertThat(download.status()).isEqualTo(200);
            assertThat(download.json().path("n_steps").asInt()).isPositive();
            assertThat(api.get("/api/v1/runs/replay-upload/artifacts/..%2F..%2F.db%2Friskbench.db").status()).isEqualTo(404);
            JsonNode queried = api.get("/api/v1/runs?query=" + java.net.URLEncoder.encode("kind = replay and params.profile_name = strict",
                    "UTF-8")).json();
            assertThat(queried.path("runs")).hasSize(1);
            ApiClient.Answer badQuery = api.get("/api/v1/runs?query=" + java.net.URLEncoder.encode("metrics.x >>> 2", "UTF-8"));
            assertThat(badQuery.status()).isEqualTo(400);
            assertThat(badQuery.json().path("field").asText()).isEqualTo("query");
            assertThat(api.get("/api/v1/runs/nope-123").status()).isEqualTo(404);

            // bad documents are refused before a job exists, naming the document
            Path badSeries = Files.writeString(inputs.resolve("bad.csv"), "y\n1\n2\nx\n");
            ApiClient.Answer refused = api.postJson("/api/v1/replays", "{\"series\": \"inputs/bad.csv\", \"profile\": \"inputs/profiles.yaml\", \"profile_name\": \"default\"}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("field").asText()).isEqualTo("series");
            assertThat(refused.json().path("error").asText()).contains("bad.csv:4:1");
            ApiClient.Answer badGrid = api.postJson("/api/v1/calibrations", "{\"series\": \"inputs/synthetic-regime.csv\","
                    + " \"profile\": \"inputs/profiles.yaml\", \"profile_name\": \"default\", \"grid\": \"no.such.path=[1,2]\"}");
            assertThat(badGrid.status()).isEqualTo(400);
            assertThat(badGrid.json().path("field").asText()).isEqualTo("grid");
            // nothing was queued for the refused ones (the server's own daily retraining check aside)
            assertThat(served.app.jobs().list(null, null, 100)).filteredOn(j -> !j.kind().equals("retraining")).hasSize(5);
            assertThat(badSeries).exists();
        }
    }

    @Test
    void aScenarioConfigNamingATableRunsOnTheUploadedDataPartAndIsRefusedWithoutIt() throws Exception {
        try (ServedWorkspace served = ServedWorkspace.loopback(dir.resolve("ws"))) {
            ApiClient api = served.client;
            // blrm.yaml names input_path: diabetes.csv, beside it on the client's disk
            ApiClient.Answer withoutData = api.postMultipart("/api/v1/scenarios",
                    ApiClient.parts("config", Path.of("sample-data/scenarios/blrm.yaml")));
            assertThat(withoutData.status()).as(withoutData.body()).isEqualTo(400);
            assertThat(withoutData.json().path("field").asText()).isEqualTo("data");
            assertThat(withoutData.json().path("error").asText()).contains("input_path 'diabetes.csv'", "'data' part");
            assertThat(api.get("/api/v1/jobs?kind=scenario").json().path("jobs")).isEmpty();

            ApiClient.Answer withData = api.postMultipart("/api/v1/scenarios", ApiClient.parts(
                    "config", Path.of("sample-data/scenarios/blrm.yaml"), "data", Path.of("sample-data/scenarios/diabetes.csv"),
                    "job_id", "blrm-upload"));
            assertThat(withData.status()).as(withData.body()).isEqualTo(202);
            JsonNode job = api.await(withData.json().path("status_url").asText(), ApiClient::jobEnded, Duration.ofSeconds(120));
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");
            JsonNode metadata = null;
            for (JsonNode artifact : api.get("/api/v1/runs/blrm-upload").json().path("artifacts")) {
                if (artifact.path("path").asText().equals("metadata.json")) {
                    metadata = api.get(artifact.path("url").asText()).json();
                }
            }
            assertThat(metadata).as("metadata.json of the run").isNotNull();
            assertThat(metadata.path("input").path("synthetic").asBoolean()).isFalse();
            assertThat(metadata.path("input").path("rows_read").asInt()).isEqualTo(442);
        }
    }

    @Test
    void aRunningJobIsCancelledAndRetriedAndRetrainingRequestsAreWorkedThrough() throws Exception {
        Path ws = dir.resolve("ws");
        Path inputs = ws.resolve("inputs");
        copy("sample-data/series/synthetic-regime.csv", inputs);
        copy("sample-data/profiles/default.yaml", inputs);
        String bigGrid = "hysteresis.dwell_pass=[" + IntStream.rangeClosed(1, 60).mapToObj(String::valueOf).collect(Collectors.joining(","))
                + "];kappa.tau_pass=[" + IntStream.rangeClosed(0, 29).mapToObj(i -> String.valueOf(0.30 + i * 0.01)).collect(Collectors.joining(","))
                + "];guards.latency_p95.soft=[" + IntStream.rangeClosed(0, 29).mapToObj(i -> String.valueOf(200 + 10 * i)).collect(Collectors.joining(",")) + "]";
        try (ServedWorkspace served = ServedWorkspace.loopback(ws)) {
            ApiClient api = served.client;
            ApiClient.Answer started = api.postJson("/api/v1/calibrations", "{\"series\": \"inputs/synthetic-regime.csv\","
                    + " \"profile\": \"inputs/default.yaml\", \"grid\": \"" + bigGrid + "\", \"threads\": 1, \"job_id\": \"long-calibration\"}");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            api.await("/api/v1/jobs/long-calibration", j -> j.path("status").asText().equals("running"), Duration.ofSeconds(30));
            ApiClient.Answer cancel = api.post("/api/v1/jobs/long-calibration/cancel");
            assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
            JsonNode cancelled = api.await("/api/v1/jobs/long-calibration", ApiClient::jobEnded, Duration.ofSeconds(30));
            assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
            assertThat(api.post("/api/v1/jobs/long-calibration/cancel").status()).isEqualTo(409);

            ApiClient.Answer retried = api.post("/api/v1/jobs/long-calibration/retry");
            assertThat(retried.status()).as(retried.body()).isEqualTo(202);
            String retryId = retried.json().path("job_id").asText();
            assertThat(retryId).isEqualTo("long-calibration-attempt2");
            JsonNode retry = api.get("/api/v1/jobs/" + retryId).json();
            assertThat(retry.path("retry_of").asText()).isEqualTo("long-calibration");
            assertThat(api.post("/api/v1/jobs/" + retryId + "/cancel").status()).isEqualTo(202);
            api.await("/api/v1/jobs/" + retryId, ApiClient::jobEnded, Duration.ofSeconds(30));
            assertThat(api.post("/api/v1/jobs/nope/retry").status()).isEqualTo(404);

            ApiClient.Answer filed = api.postJson("/api/v1/retraining/requests",
                    "{\"source\": \"fraud-ops\", \"reason\": \"new fraud pattern\", \"requested_by\": \"ana\", \"priority\": \"high\"}");
            assertThat(filed.status()).as(filed.body()).isEqualTo(201);
            long requestId = filed.json().path("request_id").asLong();
            // the server takes pending requests as the app does: this one gets a retraining run
            JsonNode done = api.await("/api/v1/retraining/requests", list -> {
                for (JsonNode r : list.path("requests")) {
                    if (r.path("request_id").asLong() == requestId && !r.path("status").asText().equals("pending")
                            && !r.path("status").asText().equals("processing")) {
                        return true;
                    }
                }
                return false;
            }, Duration.ofSeconds(120));
            JsonNode request = done.path("requests").get(0);
            assertThat(request.path("reason").asText()).isEqualTo("[fraud-ops] new fraud pattern");
            assertThat(request.path("requested_by").asText()).isEqualTo("ana");
            assertThat(request.path("status").asText()).isIn("completed", "cancelled");
            assertThat(api.postJson("/api/v1/retraining/requests", "{\"reason\": \"x\"}").json().path("field").asText())
                    .isEqualTo("requested_by");
            assertThat(api.postJson("/api/v1/retraining/requests", "{\"reason\": \"x\", \"requested_by\": \"b\", \"priority\": \"asap\"}")
                    .json().path("field").asText()).isEqualTo("priority");
        }
    }
}
