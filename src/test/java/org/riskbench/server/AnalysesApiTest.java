package org.riskbench.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.engine.intake.SyntheticTransactions;

class AnalysesApiTest {
    @TempDir
    Path dir;

    @Test
    void anUploadIsQueuedThenProcessedWithRowsAndFeedback() throws Exception {
        Path tx = dir.resolve("tx.csv");
        SyntheticTransactions.write(tx, 400, 7, SyntheticTransactions.Dialect.EN);
        try (ServedWorkspace served = ServedWorkspace.loopback(dir.resolve("ws"))) {
            ApiClient api = served.client;
            ApiClient.Answer accepted = api.postCsv("/api/v1/analyses?name=tx.csv", tx);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            JsonNode a = accepted.json();
            String id = a.path("analysis_id").asText();
            assertThat(id).startsWith("an-");
            assertThat(a.path("job_id").asText()).startsWith("inference-");
            assertThat(a.path("status_url").asText()).isEqualTo("/api/v1/analyses/" + id);

            JsonNode done = api.await(a.path("status_url").asText(), n -> !n.path("status").asText().equals("pending"),
                    Duration.ofSeconds(120));
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("processed");
            long counted = 0;
            for (JsonNode n : done.path("counts")) {
                counted += n.asLong();
            }
            assertThat(counted).isEqualTo(400);
            assertThat(done.path("result").path("scoring").path("row_count").asLong()).isEqualTo(400);

            JsonNode page = api.get("/api/v1/analyses/" + id + "/rows?limit=5&offset=10").json();
            assertThat(page.path("total").asLong()).isEqualTo(400);
            assertThat(page.path("rows")).hasSize(5);
            assertThat(page.path("rows").get(0).path("row").asLong()).isEqualTo(11);
            String cls = page.path("rows").get(0).path("class").asText();
            JsonNode filtered = api.get("/api/v1/analyses/" + id + "/rows?class=" + cls + "&limit=10000").json();
            assertThat(filtered.path("rows")).allSatisfy(r -> assertThat(r.path("class").asText()).isEqualTo(cls));
            assertThat(api.get("/api/v1/analyses/" + id + "/rows?class=rojo").status()).isEqualTo(400);
            assertThat(api.get("/api/v1/analyses/" + id + "/rows?limit=lots").json().path("field").asText()).isEqualTo("limit");

            ApiClient.Answer fb = api.postJson("/api/v1/analyses/" + id + "/feedback",
                    "{\"rows\": [{\"row\": 1, \"true_class\": \"inusual\"}, {\"row\": 2, \"true_class\": \"limpio\"}]}");
            assertThat(fb.status()).as(fb.body()).isEqualTo(200);
            assertThat(fb.json().path("recorded").asInt()).isEqualTo(2);
            assertThat(served.app.models().feedbackOf(id)).containsEntry(1L, "inusual").containsEntry(2L, "limpio");
            // one bad row records none
            ApiClient.Answer bad = api.postJson("/api/v1/analyses/" + id + "/feedback",
                    "{\"rows\": [{\"row\": 3, \"true_class\": \"inusual\"}, {\"row\": 99999, \"true_class\": \"limpio\"}]}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().path("error").asText()).contains("row 99999");
            assertThat(served.app.models().feedbackOf(id)).doesNotContainKey(3L);

            // the upload's job is a tracked inference run
            JsonNode runs = api.get("/api/v1/runs?query=" + java.net.URLEncoder.encode("kind = inference", "UTF-8")).json();
            assertThat(runs.path("runs").size()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aMultipartUploadWithRulesIsScoredWithThem() throws Exception {
        Path tx = dir.resolve("tx.csv");
        SyntheticTransactions.write(tx, 200, 3, SyntheticTransactions.Dialect.EN);
        Path ws = dir.resolve("ws");
        Files.createDirectories(ws.resolve("rules"));
        Path rules = Files.copy(Path.of("resources/scoring/guardrails.yaml"), ws.resolve("rules/guardrails.yaml"));
        try (ServedWorkspace served = ServedWorkspace.loopback(ws)) {
            ApiClient.Answer accepted = served.client.postMultipart("/api/v1/analyses",
                    ApiClient.parts("file", tx, "guardrails", "rules/guardrails.yaml"));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            JsonNode done = served.client.await(accepted.json().path("status_url").asText(),
                    n -> !n.path("status").asText().equals("pending"), Duration.ofSeconds(120));
            assertThat(done.path("status").asText()).isEqualTo("processed");
            assertThat(done.path("result").path("scoring").path("guardrails_source").asText()).isEqualTo(rules.toRealPath().toString());
        }
    }

    @Test
    void aRefusedUploadIs422WithEveryProblemAndQueuesNothing() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "customer_id,amount,date\nc1,abc,2024-01-01\nc2,12.5\nc3,7,not a date\n");
        try (ServedWorkspace served = ServedWorkspace.loopback(dir.resolve("ws"))) {
            ApiClient.Answer refused = served.client.postCsv("/api/v1/analyses", bad);
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            JsonNode body = refused.json();
            assertThat(body.path("error").asText()).startsWith("refused: ");
            assertThat(body.path("field").asText()).isEqualTo("file");
            assertThat(body.path("problems").size()).isGreaterThanOrEqualTo(2);
            assertThat(body.path("problems")).allSatisfy(p -> assertThat(p.path("message").asText()).isNotBlank());
            // the row problems name their line and column; the missing columns are about the whole file
            assertThat(body.path("problems")).anySatisfy(p -> {
                assertThat(p.path("line").asLong()).isEqualTo(3);
                assertThat(p.path("message").asText()).contains("2 fields");
            });
            assertThat(body.path("problems")).anySatisfy(p -> {
                assertThat(p.path("line").asLong()).isEqualTo(2);
                assertThat(p.path("column_name").asText()).isEqualTo("amount");
            });
            assertThat(body.path("problems")).anySatisfy(p -> assertThat(p.path("message").asText()).contains("operation_type"));
            assertThat(refused.body()).doesNotContain("Exception", "at org.");
            assertThat(served.app.inbox().list()).isEmpty();
            // nothing queued for it (the server's own daily retraining check at start aside)
            assertThat(served.app.jobs().list(null, null, 10)).filteredOn(j -> !j.kind().equals("retraining")).isEmpty();

            ApiClient.Answer noColumns = served.client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(served.serving.address() + "/api/v1/analyses")).header("Content-Type", "text/csv")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("a,b\n1,2\n")).build());
            assertThat(noColumns.status()).isEqualTo(422);
            assertThat(noColumns.json().path("error").asText()).contains("refused");

            assertThat(served.client.get("/api/v1/analyses/an-20990101-000000-abcdef").status()).isEqualTo(404);
            ApiClient.Answer wrongType = served.client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(served.serving.address() + "/api/v1/analyses")).header("Content-Type", "application/xml")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("<a/>")).build());
            assertThat(wrongType.status()).isEqualTo(400);
            assertThat(wrongType.json().path("field").asText()).isEqualTo("Content-Type");
        }
    }
}
