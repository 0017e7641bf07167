package org.riskbench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.testsupport.GoldenFiles;

/**
 * What {@code /api/v1/runs}, {@code /api/v1/retraining/requests}, {@code /api/v1/jobs}, {@code /state}, the accepted
 * and the refused requests answer is the bytes the map-based code answered: the golden files under
 * {@code src/test/resources/golden/api/} were recorded with that code for a tracked scenario run, a replay and a
 * retraining request; clock times, run times, hashes and sizes of files holding run times, and the folder are masked.
 */
class RunsApiGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/api");
    private static final Pattern CLOCK = Pattern.compile("\"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+Z?\"");
    private static final Pattern TIMING = Pattern.compile("(\"[a-z_]*runtime_sec\":)[0-9.Ee+-]+");
    private static final Pattern SHA = Pattern.compile("\"sha256\":\"[0-9a-f]{64}\"");
    private static final Pattern SIZE = Pattern.compile("\"size\":[0-9]+");
    /** A time inside a text (a log line), a duration said in one, a replay's figures that depend on the clock. */
    private static final Pattern CLOCK_IN_TEXT = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z");
    private static final Pattern SECONDS_IN_TEXT = Pattern.compile("in [0-9.]+ s\\b");

    @TempDir
    Path dir;

    private String masked(String json) {
        String s = CLOCK.matcher(json).replaceAll("\"<time>\"");
        s = TIMING.matcher(s).replaceAll("$1<timing>");
        s = SHA.matcher(s).replaceAll("\"sha256\":\"<sha>\"");
        s = SIZE.matcher(s).replaceAll("\"size\":<size>");
        s = CLOCK_IN_TEXT.matcher(s).replaceAll("<time>");
        s = SECONDS_IN_TEXT.matcher(s).replaceAll("in <seconds> s");
        return GoldenFiles.withoutFolder(s, dir);
    }

    private void assertGolden(String name, String body) throws Exception {
        String actual = masked(body) + "\n";
        Path golden = GOLDEN.resolve(name);
        GoldenFiles.assertGolden(golden, actual);
    }

    @Test
    void theRunsAndRequestsAnswersAreTheBytesOfBefore() throws Exception {
        try (ServedWorkspace served = ServedWorkspace.loopback(dir.resolve("ws"))) {
            var config = served.app.scenarios().load(Path.of("sample-data/scenarios/synthetic.json"));
            JobRecord done = served.app.scenarios().submit(config, "runs-golden", 1).await();
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            ApiClient api = served.client;
            assertGolden("runs-list.json", api.get("/api/v1/runs?kind=scenario").body());
            assertGolden("runs-show.json", api.get("/api/v1/runs/runs-golden").body());
            ApiClient.Answer filed = api.postJson("/api/v1/retraining/requests",
                    "{\"source\": \"monitor\", \"reason\": \"drift in amounts\", \"requested_by\": \"ops\", \"priority\": \"high\"}");
            assertThat(filed.status()).as(filed.body()).isEqualTo(201);
            assertGolden("retraining-request-filed.json", filed.body());
            assertGolden("retraining-requests.json", api.get("/api/v1/retraining/requests").body());
        }
    }

    @Test
    void theJobsStateAcceptedAndRefusedAnswersAreTheBytesOfBefore() throws Exception {
        Path ws = dir.resolve("ws");
        Path inputs = ws.resolve("inputs");
        Files.createDirectories(inputs);
        Files.copy(Path.of("sample-data/series/synthetic-regime.csv"), inputs.resolve("synthetic-regime.csv"));
        Files.copy(Path.of("sample-data/profiles/default.yaml"), inputs.resolve("default.yaml"));
        try (ServedWorkspace served = ServedWorkspace.loopback(ws)) {
            ApiClient api = served.client;
            assertGolden("healthz.json", api.get("/healthz").body());
            assertGolden("readyz.json", api.get("/readyz").body());
            ApiClient.Answer accepted = api.postJson("/api/v1/replays", "{\"series\": \"inputs/synthetic-regime.csv\","
                    + " \"profile\": \"inputs/default.yaml\", \"job_id\": \"replay-golden\"}");
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            assertGolden("replay-accepted.json", accepted.body());
            api.await("/api/v1/jobs/replay-golden", ApiClient::jobEnded, java.time.Duration.ofSeconds(60));
            // the replay's kind only: a served workspace may start its own retraining check meanwhile
            assertGolden("jobs-list.json", api.get("/api/v1/jobs?kind=replay").body());
            assertGolden("jobs-show.json", api.get("/api/v1/jobs/replay-golden").body());
            assertGolden("state.json", api.get("/state").body());
            assertGolden("job-missing.json", api.get("/api/v1/jobs/nope").body());
            assertGolden("jobs-bad-status.json", api.get("/api/v1/jobs?status=bogus").body());
            assertGolden("job-cancel-ended.json", api.post("/api/v1/jobs/replay-golden/cancel").body());
            assertGolden("job-retry-succeeded.json", api.post("/api/v1/jobs/replay-golden/retry").body());
        }
    }
}
