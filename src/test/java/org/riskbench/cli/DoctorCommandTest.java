package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;
import org.riskbench.core.model.JobStatus;
import org.riskbench.jobs.JobFailedException;
import org.riskbench.jobs.JobRequest;

class DoctorCommandTest {
    @TempDir
    Path dir;

    private static Path aged(Path file, Duration age) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    @Test
    void openingAWorkspaceRemovesTemporaryFilesOfEndedRunsAndKeepsFreshOnes() throws Exception {
        Path ws = dir.resolve("ws");
        try (AppContext app = AppContext.open(ws, 1)) {
            assertThat(app.root()).isEqualTo(ws.toAbsolutePath());
        }
        Path oldEnriching = aged(Files.writeString(ws.resolve("inbox/pending/.enriching-an-1.csv"), "x".repeat(1000)), Duration.ofHours(3));
        Path oldResults = aged(Files.writeString(ws.resolve("inbox/processed/.an-1_results.csv.7f3a.tmp"), "x"), Duration.ofHours(2));
        Path oldPart = aged(Files.writeString(ws.resolve("inbox/processed/.an-2.json.part"), "x"), Duration.ofHours(2));
        Files.createDirectories(ws.resolve("runs/scenario-1"));
        Path staging = Files.createDirectories(ws.resolve("runs/.scenario-2.staging-1f"));
        Files.writeString(staging.resolve("runs.csv"), "half");
        aged(staging, Duration.ofHours(2));
        Path fresh = Files.writeString(ws.resolve("inbox/pending/.enriching-an-3.csv"), "being written now");
        Path claim = aged(Files.writeString(ws.resolve("inbox/pending/.processing-an-4-1.csv"), "a claim"), Duration.ofHours(5));

        try (AppContext app = AppContext.open(ws, 1)) {
            assertThat(oldEnriching).doesNotExist();
            assertThat(oldResults).doesNotExist();
            assertThat(oldPart).doesNotExist();
            assertThat(staging).doesNotExist();
            assertThat(fresh).exists();
            assertThat(ws.resolve("runs/scenario-1")).exists();
            assertThat(claim).as("an inbox claim is the inbox's to return, not a leftover").exists();
        }
    }

    @Test
    void doctorReportsAndRepairsWhatCrashesLeftAndSaysTheDatabaseIsSound() throws Exception {
        Path ws = dir.resolve("ws");
        Path chosen = dir.resolve("calib");
        try (AppContext app = AppContext.open(ws, 1)) {
            app.jobs().register("test-fail", params -> context -> {
                throw new JobFailedException("boom");
            });
            assertThat(app.jobs().submit(new JobRequest("failed-1", "test-fail", Map.of(), chosen, null)).await().status())
                    .isEqualTo(JobStatus.FAILED);
            // a run the job never ended (the process died between the two records)
            app.tracker().start("run-left", "calibration", "left", "failed-1", Map.of(), chosen);
        }
        // a calibration killed while writing its set beside the folder the user named
        Path staging = Files.createDirectories(dir.resolve(".calib.staging-abc"));
        Files.writeString(staging.resolve("calib_results.csv"), "partial");
        aged(staging, Duration.ofHours(2));
        // a replacement killed between its two renames: the previous output is aside, nothing in its place
        Path aside = Files.createDirectories(dir.resolve(".calib.replaced-def"));
        Files.writeString(aside.resolve("calib_meta.json"), "{}");

        CliTest.Result r = CliTest.run("doctor", "--workspace", ws.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("database integrity: ok")
                .contains("runs left running by an ended job: 1 marked failed: run-left")
                .contains("temporary files and unfinished outputs of ended runs: 1 removed")
                .contains("outputs a crash left renamed aside: 1 restored: " + chosen.toAbsolutePath());
        assertThat(staging).doesNotExist();
        assertThat(chosen.resolve("calib_meta.json")).exists();
        CliTest.Result runs = CliTest.run("runs", "show", "run-left", "--workspace", ws.toString());
        assertThat(runs.out()).contains("failed");

        CliTest.Result again = CliTest.run("doctor", "--workspace", ws.toString());
        assertThat(again.out()).contains("runs left running by an ended job: none")
                .contains("temporary files and unfinished outputs of ended runs: none");
    }
}
