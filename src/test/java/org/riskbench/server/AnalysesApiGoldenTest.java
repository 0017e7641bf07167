package org.riskbench.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.InboxStage;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;
import org.riskbench.engine.intake.SyntheticTransactions;
import org.riskbench.testsupport.GoldenFiles;

/**
 * What {@code /api/v1/analyses} answers is the bytes the map-based code answered: the upload's 202, a processed and a
 * failed analysis' status, a page of rows, a refusal's 422. The golden files under
 * {@code src/test/resources/golden/api/} were recorded with that code; ids, timings, clock times and the model
 * version are masked.
 */
class AnalysesApiGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/api");
    private static final Pattern ANALYSIS_ID = Pattern.compile("an-[0-9]{8}-[0-9a-zA-Z_-]+");
    private static final Pattern JOB_ID = Pattern.compile("inference-[0-9a-zA-Z_-]+");
    private static final Pattern TIMINGS = Pattern.compile("\"timings_ms\":\\{[^{}]*}");
    private static final Pattern MS_FIELD = Pattern.compile("(\"[a-z_]+_ms\":)[0-9]+");
    private static final Pattern CLOCK = Pattern.compile("\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z\"");
    private static final Pattern MODEL_VERSION = Pattern.compile("default-[0-9]{8}-[0-9]{6,9}(-[0-9a-z]{4})?");

    @TempDir
    Path dir;

    private String masked(String json) {
        String s = TIMINGS.matcher(json).replaceAll("\"timings_ms\":<timings>");
        s = MS_FIELD.matcher(s).replaceAll("$1<ms>");
        s = CLOCK.matcher(s).replaceAll("\"<time>\"");
        s = MODEL_VERSION.matcher(s).replaceAll("<version>");
        s = JOB_ID.matcher(s).replaceAll("<job-id>");
        s = ANALYSIS_ID.matcher(s).replaceAll("<analysis-id>");
        return GoldenFiles.withoutFolder(s, dir);
    }

    private void assertGolden(String name, String body) throws Exception {
        String actual = masked(body) + "\n";
        Path golden = GOLDEN.resolve(name);
        GoldenFiles.assertGolden(golden, actual);
    }

    @Test
    void theAnalysesAnswersAreTheBytesOfBefore() throws Exception {
        Path tx = dir.resolve("tx.csv");
        SyntheticTransactions.write(tx, 40, 3, SyntheticTransactions.Dialect.EN);
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "customer_id,amount,date\nc1,abc,2024-01-01\nc2,12.5\nc3,7,not a date\n");
        try (ServedWorkspace served = ServedWorkspace.loopback(dir.resolve("ws"))) {
            served.app.models().ensureActiveModel(Progress.NONE);
            ApiClient api = served.client;
            ApiClient.Answer accepted = api.postCsv("/api/v1/analyses?name=tx.csv", tx);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            assertGolden("upload-accepted.json", accepted.body());
            String status = accepted.json().path("status_url").asText();
            api.await(status, n -> !n.path("status").asText().equals("pending"), Duration.ofSeconds(120));
            // the analysis shows as processed once its files are in processed/, a moment before its summary is stored,
            // and the answer meanwhile is read from the file (counts in sorted order): the stored answer once the drain ended
            api.await(accepted.json().path("job_url").asText(), ApiClient::jobEnded, Duration.ofSeconds(120));
            assertGolden("analysis-processed.json", api.get(status).body());
            assertGolden("analysis-rows.json", api.get(status + "/rows?limit=3&offset=5").body());

            served.app.inbox().addStage(new InboxStage() {
                @Override
                public String name() {
                    return "audit";
                }

                @Override
                public Map<String, Object> run(Item item, Progress progress) {
                    throw new InputException("the audit trail refuses customer C0001");
                }
            });
            ApiClient.Answer second = api.postCsv("/api/v1/analyses?name=tx.csv", tx);
            JsonNode failed = api.await(second.json().path("status_url").asText(),
                    n -> !n.path("status").asText().equals("pending"), Duration.ofSeconds(120));
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            api.await(second.json().path("job_url").asText(), ApiClient::jobEnded, Duration.ofSeconds(120));
            assertGolden("analysis-failed.json", api.get(second.json().path("status_url").asText()).body());

            ApiClient.Answer refused = api.postCsv("/api/v1/analyses", bad);
            assertThat(refused.status()).isEqualTo(422);
            assertGolden("upload-refused.json", refused.body());
        }
    }
}
