package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.core.model.JobStatus;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.SyntheticTransactions;
import org.riskbench.testsupport.ChildJvm;
import org.riskbench.testsupport.ChildMain;

class InboxServiceTest {
    @TempDir
    Path dir;

    private Path sample(int rows) {
        Path p = dir.resolve("tx.csv");
        SyntheticTransactions.write(p, rows, 3, SyntheticTransactions.Dialect.EN);
        return p;
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void submitEnrichesIntoPendingAndProcessingMovesToProcessedOnce() throws Exception {
        Path ws = dir.resolve("ws");
        try (AppContext app = AppContext.open(ws, 1)) {
            app.inbox().removeStage(ScoringStage.NAME); // the queue itself, without the model
            InboxService inbox = app.inbox();
            InboxService.Submission s = inbox.submit(sample(500), IntakeOptions.defaults(), Progress.NONE);
            assertThat(names(inbox.dir("pending"))).containsExactly(s.analysisId() + ".csv", s.analysisId() + ".json");
            var done = inbox.process("drain-1").await();
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(names(inbox.dir("pending"))).isEmpty();
            assertThat(names(inbox.dir("processed"))).containsExactly(s.analysisId() + ".csv", s.analysisId() + ".json");
            JsonNode summary = Json.MAPPER.readTree(inbox.resultFile(s.analysisId()).toFile());
            assertThat(summary.path("analysis_id").asText()).isEqualTo(s.analysisId());
            assertThat(summary.path("input_name").asText()).isEqualTo("tx.csv");
            assertThat(summary.path("input_sha256").asText()).hasSize(64);
            assertThat(summary.path("row_count").asLong()).isEqualTo(500);
            assertThat(summary.path("timings_ms").has("check")).isTrue();
            assertThat(summary.path("enrichment").path("rows_enriched").asLong()).isEqualTo(500);
            assertThat(app.runs().find("drain-1")).isPresent();
            assertThat(app.jobs().find("drain-1").orElseThrow().kind()).isEqualTo("inference");
            // a second attempt on a processed id is a no-op
            Files.copy(inbox.dir("processed").resolve(s.analysisId() + ".csv"), inbox.dir("pending").resolve(s.analysisId() + ".csv"));
            AtomicInteger calls = new AtomicInteger();
            inbox.addStage(stage("count", item -> calls.incrementAndGet()));
            InboxService.DrainResult again = inbox.drain(Progress.NONE);
            assertThat(again.processed()).isEmpty();
            assertThat(again.skipped()).containsExactly(s.analysisId());
            assertThat(calls).hasValue(0);
            assertThat(inbox.list()).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo("processed"));
        }
    }

    @Test
    void aDrainIsTrackedWithItsRowsClassesAndResultFiles() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            InboxService inbox = app.inbox();
            app.models().ensureActiveModel(Progress.NONE);
            String first = inbox.submit(sample(300), IntakeOptions.defaults(), Progress.NONE).analysisId();
            Path second = dir.resolve("tx2.csv");
            SyntheticTransactions.write(second, 200, 5, SyntheticTransactions.Dialect.EN);
            String other = inbox.submit(second, IntakeOptions.defaults(), Progress.NONE).analysisId();

            assertThat(inbox.process("drain-2").await().status()).isEqualTo(JobStatus.SUCCEEDED);

            TrackedRun run = app.tracking().show("drain-2");
            assertThat(run.kind()).isEqualTo("inference");
            assertThat(run.metrics()).containsEntry("processed", 2).containsEntry("rows", 500).containsKey("guardrails_raised");
            assertThat(run.params()).containsEntry("guardrails", "bundled defaults")
                    .hasEntrySatisfying("inputs", v -> assertThat(((String) v).split(",")).containsExactlyInAnyOrder("tx.csv", "tx2.csv"))
                    .hasEntrySatisfying("model_version", v -> assertThat((String) v).startsWith("default-"))
                    .hasEntrySatisfying("analyses", v -> assertThat(((String) v).split(",")).containsExactlyInAnyOrder(first, other));
            long classed = 0;
            for (String c : List.of("limpio", "relevante", "inusual", "preocupante")) {
                long n = ((Number) run.metrics().get(c)).longValue();
                long inFiles = 0;
                for (String id : List.of(first, other)) {
                    inFiles += Json.MAPPER.readTree(inbox.resultFile(id).toFile()).path("scoring").path("counts").path(c).asLong();
                }
                assertThat(n).as(c).isEqualTo(inFiles);
                classed += n;
            }
            assertThat(classed).isEqualTo(500);
            assertThat(run.artifacts()).extracting(TrackedRun.Artifact::path).containsExactlyInAnyOrder(
                    "processed/" + first + ".json", "processed/" + first + "_results.csv",
                    "processed/" + other + ".json", "processed/" + other + "_results.csv");
            for (TrackedRun.Artifact a : run.artifacts()) {
                assertThat(a.sha256()).isEqualTo(org.riskbench.core.Hashing.sha256(run.resolve(a)));
                assertThat(a.size()).isEqualTo(Files.size(run.resolve(a)));
            }
            assertThat(app.tracking().list("kind = inference and metrics.rows = 500", null, null, 10))
                    .extracting(TrackedRun::id).containsExactly("drain-2");
        }
    }

    @Test
    void aQueuedFileIsScoredAsItsSubmitterChoseWhicheverProcessDrainsIt() throws Exception {
        Path rules = Files.writeString(dir.resolve("cash-only.yaml"), "rules:\n  cash_limit:\n    min_class: inusual\n");
        Path ws = dir.resolve("ws");
        String id;
        try (AppContext submitter = AppContext.open(ws, 1)) {
            submitter.scoring().useGuardrails(rules);
            id = submitter.inbox().submit(sample(300), IntakeOptions.defaults(), Progress.NONE).analysisId();
        }
        try (AppContext drainer = AppContext.open(ws, 1)) { // another process, with the bundled rules
            assertThat(drainer.inbox().drain(Progress.NONE).processed()).containsExactly(id);
            JsonNode scoring = Json.MAPPER.readTree(drainer.inbox().resultFile(id).toFile()).path("scoring");
            assertThat(scoring.path("guardrails_source").asText()).isEqualTo(rules.toAbsolutePath().normalize().toString());
            assertThat(scoring.path("guardrails_rules").size()).isEqualTo(1);
            assertThat(scoring.path("guardrails_rules").has("cash_limit")).isTrue();
        }
    }

    @Test
    void aReaderSeesTheStoredSummaryFromTheMomentAnAnalysisShowsAsProcessed() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            InboxService inbox = app.inbox();
            List<String> ids = new ArrayList<>();
            for (int seed = 1; seed <= 12; seed++) {
                Path file = dir.resolve("tx-" + seed + ".csv");
                SyntheticTransactions.write(file, 80, seed, SyntheticTransactions.Dialect.EN);
                ids.add(inbox.submit(file, IntakeOptions.defaults(), Progress.NONE).analysisId());
            }
            // as the API does for another system polling while the drain runs: the state, then the summary
            Map<String, String> firstSeen = new ConcurrentHashMap<>();
            AtomicBoolean draining = new AtomicBoolean(true);
            Thread reader = new Thread(() -> {
                while (draining.get()) {
                    for (String id : ids) {
                        if (!firstSeen.containsKey(id) && "processed".equals(inbox.stateOnDisk(id))) {
                            firstSeen.put(id, Json.compact(inbox.storedSummary(id)));
                        }
                    }
                }
            });
            reader.start();
            try {
                assertThat(inbox.drain(Progress.NONE).processed()).hasSize(ids.size());
            } finally {
                draining.set(false);
                reader.join();
            }
            assertThat(firstSeen).isNotEmpty();
            firstSeen.forEach((id, seen) -> assertThat(seen).as("the summary of %s as first seen", id)
                    .isEqualTo(Json.compact(inbox.storedSummary(id))));
        }
    }

    @Test
    void aClaimIsHeldOnlyByAProcessThatStartedBeforeItWasMade() throws Exception {
        Path claim = Files.writeString(dir.resolve(".processing-an-1-1.csv"), "claimed"); // its change time: now
        Thread.sleep(3000); // start times are read to about a second: well past the slack
        Process later = new ProcessBuilder("sleep", "30").start(); // got a pid after the claim was made
        try {
            assertThat(InboxFolders.claimerAlive(claim, later.pid())).as("a pid reused after the claim").isFalse();
            long earlier = ProcessHandle.current().pid();
            assertThat(InboxFolders.claimerAlive(claim, earlier)).as("a process older than the claim").isTrue();
        } finally {
            later.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(InboxFolders.claimerAlive(claim, later.pid())).as("an ended process").isFalse();
    }

    @Test
    void awaitingAnOutcomeWaitsForWhicheverProcessTookTheFileAndRecoversAnAbandonedClaim() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            app.inbox().removeStage(ScoringStage.NAME); // the queue itself, without the model
            InboxService inbox = app.inbox();
            String takenByOther = inbox.submit(sample(200), IntakeOptions.defaults(), Progress.NONE).analysisId();
            inbox.drain(Progress.NONE); // "another process" processed it already
            String abandoned = inbox.submit(sample(300), IntakeOptions.defaults(), Progress.NONE).analysisId();
            // claimed by a process that has ended (pid far beyond any live one)
            Files.move(inbox.dir("pending").resolve(abandoned + ".csv"),
                    inbox.dir("pending").resolve(".processing-" + abandoned + "-" + (Integer.MAX_VALUE - 7) + ".csv"));
            assertThat(inbox.stateOnDisk(abandoned)).isEqualTo("processing");

            Map<String, String> outcome = inbox.awaitOutcome(List.of(takenByOther, abandoned), Progress.NONE);

            assertThat(outcome).containsEntry(takenByOther, "processed").containsEntry(abandoned, "processed");
            try (var hidden = Files.list(inbox.dir("pending"))) {
                assertThat(hidden).isEmpty(); // no claim, no half-enriched table left behind
            }
        }
    }

    @Test
    void refusesAnInvalidFileBeforeQueueing() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "customer_id,amount\nC1,5\n");
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            app.inbox().removeStage(ScoringStage.NAME); // the queue itself, without the model
            assertThatThrownBy(() -> app.inbox().submit(bad, IntakeOptions.defaults(), Progress.NONE))
                    .isInstanceOf(InboxService.RefusedException.class)
                    .hasMessageContaining("required column date");
            assertThat(names(app.inbox().dir("pending"))).isEmpty();
        }
    }

    @Test
    void retriesTransientFailuresThenFailsWithAnErrorFileWithoutPaths() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            app.inbox().removeStage(ScoringStage.NAME); // the queue itself, without the model
            InboxService inbox = app.inbox();
            inbox.setOptions(new InboxService.Options(3, Duration.ofMillis(1), Duration.ofSeconds(30)));
            AtomicInteger attempts = new AtomicInteger();
            inbox.addStage(stage("scoring", item -> {
                attempts.incrementAndGet();
                throw new InboxStage.Transient("model store busy at " + item.enrichedCsv(), null);
            }));
            String id = inbox.submit(sample(100), IntakeOptions.defaults(), Progress.NONE).analysisId();
            InboxService.DrainResult r = inbox.drain(Progress.NONE);
            assertThat(r.failed()).containsExactly(id);
            assertThat(attempts).hasValue(3);
            assertThat(names(inbox.dir("failed"))).containsExactly(id + ".csv", id + ".json", id + "_error.json",
                    id + "_error.log");
            JsonNode error = Json.MAPPER.readTree(inbox.dir("failed").resolve(id + "_error.json").toFile());
            assertThat(error.path("stage").asText()).isEqualTo("scoring");
            assertThat(error.path("message").asText()).contains("model store busy", "after 3 attempts")
                    .doesNotContain(dir.toString());
            assertThat(error.toString()).doesNotContain("\tat ", "Exception");
            // the stack trace is beside it, for whoever debugs the stage (the CSV runner kept its traceback)
            assertThat(Files.readString(inbox.dir("failed").resolve(id + "_error.log")))
                    .contains("analysis " + id + ", stage scoring", "InboxStage$Transient: model store busy", "\tat org.riskbench.");
            // retry puts it back; a stage that now works processes it
            inbox.retry(id);
            assertThat(inbox.stateOnDisk(id)).isEqualTo("pending");
            assertThat(inbox.dir("failed").resolve(id + "_error.log")).doesNotExist();
        }
    }

    @Test
    void aStageOverTheTimeoutFailsTheFile() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            app.inbox().removeStage(ScoringStage.NAME); // the queue itself, without the model
            InboxService inbox = app.inbox();
            inbox.setOptions(new InboxService.Options(1, Duration.ofMillis(1), Duration.ofMillis(300)));
            inbox.addStage(stage("slow", item -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            String id = inbox.submit(sample(50), IntakeOptions.defaults(), Progress.NONE).analysisId();
            assertThat(inbox.drain(Progress.NONE).failed()).containsExactly(id);
            assertThat(Files.readString(inbox.dir("failed").resolve(id + "_error.json"))).contains("timed out");
        }
    }

    @Test
    void aProcessKilledMidWayLosesAndDuplicatesNothing() throws Exception {
        Path ws = dir.resolve("ws");
        String id;
        try (AppContext app = AppContext.open(ws, 1)) {
            app.inbox().removeStage(ScoringStage.NAME); // the queue itself, without the model
            id = app.inbox().submit(sample(300), IntakeOptions.defaults(), Progress.NONE).analysisId();
        }
        Process child = ChildJvm.start(ChildMain.class, "inbox-hang", ws.toString());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("CLAIMED")) {
                // wait for the child to hold the claim
            }
            assertThat(line).isEqualTo("CLAIMED");
            try (Stream<Path> s = Files.list(ws.resolve("inbox/pending"))) {
                assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(".processing-" + id));
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (AppContext app = AppContext.open(ws, 1)) {
            app.inbox().removeStage(ScoringStage.NAME); // the queue itself, without the model
            InboxService.DrainResult r = app.inbox().drain(Progress.NONE);
            assertThat(r.recovered()).containsExactly(id);
            assertThat(r.processed()).containsExactly(id);
            assertThat(names(ws.resolve("inbox/pending"))).isEmpty();
            assertThat(names(ws.resolve("inbox/processed"))).containsExactly(id + ".csv", id + ".json");
            assertThat(names(ws.resolve("inbox/failed"))).isEmpty();
            assertThat(Files.readAllLines(ws.resolve("inbox/processed").resolve(id + ".csv"))).hasSize(301);
        }
    }

    @Test
    void aCrashAfterTheResultWasWrittenOnlyCompletesTheMove() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            app.inbox().removeStage(ScoringStage.NAME); // the queue itself, without the model
            InboxService inbox = app.inbox();
            String id = inbox.submit(sample(40), IntakeOptions.defaults(), Progress.NONE).analysisId();
            // as if killed between writing processed/<id>.json and moving the CSV
            Json.write(inbox.resultFile(id), Map.of("analysis_id", id));
            InboxService.DrainResult r = inbox.drain(Progress.NONE);
            assertThat(r.processed()).isEmpty();
            assertThat(names(inbox.dir("pending"))).isEmpty();
            assertThat(names(inbox.dir("processed"))).containsExactly(id + ".csv", id + ".json");
        }
    }

    interface Body {
        void run(InboxStage.Item item) throws Exception;
    }

    static InboxStage stage(String name, Body body) {
        return new InboxStage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, Object> run(Item item, Progress progress) throws Exception {
                body.run(item);
                return Map.of();
            }
        };
    }
}
