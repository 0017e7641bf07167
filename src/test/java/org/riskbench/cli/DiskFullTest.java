package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.core.Progress;

/**
 * A workspace on a disk that fills up: a small tmpfs mounted for the test (needs root, as in CI; skipped elsewhere,
 * where {@code DiskFullExceptionTest} still checks the recognition on injected failures).
 */
class DiskFullTest {
    @TempDir
    Path dir;
    Path disk;
    Path ws;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectory(dir.resolve("disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", disk.toString()) == 0,
                "mounting a tmpfs needs root");
        ws = disk.resolve("ws");
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            run("umount", "-l", disk.toString());
        }
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /** Fills the disk until about {@code leaveBytes} are free. */
    private Path fill(long leaveBytes) throws IOException {
        Path filler = disk.resolve("filler");
        ByteBuffer block = ByteBuffer.allocate(4096);
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (Files.getFileStore(disk).getUsableSpace() > leaveBytes + block.capacity()) {
                block.clear();
                out.write(block);
            }
        }
        return filler;
    }

    @Test
    void aScenarioRunOnAFullDiskFailsWithOneLineNamingTheDiskAndTheJobSaysWhy() throws Exception {
        Path data = dir.resolve("table.csv");
        assertThat(CliTest.run("synth", "scenario", "--rows", "2000", "--out", data.toString()).code()).isZero();
        Path config = dir.resolve("run.yaml");
        Files.writeString(config, "name: full\nn_scenarios: 3000\nseed: 1\ninput_path: " + data + "\n");
        assertThat(CliTest.run("jobs", "list", "--workspace", ws.toString()).code()).isZero();
        fill(150 * 1024);

        CliTest.Result r = CliTest.run("scenario", "run", "--config", config.toString(), "--job-id", "full-1",
                "--workspace", ws.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("the disk holding " + ws).contains("is full:").contains("bytes free; free space and retry")
                .doesNotContain("SQLite").doesNotContain("null").doesNotContain("Exception");
        Files.delete(disk.resolve("filler"));
        CliTest.Result show = CliTest.run("jobs", "show", "full-1", "--workspace", ws.toString());
        assertThat(show.out()).contains("failed").contains("is full");
        CliTest.Result retry = CliTest.run("jobs", "retry", "full-1", "--workspace", ws.toString());
        assertThat(retry.code()).as(retry.err()).isZero();
    }

    @Test
    void anAnalysisStoppedByAFullDiskGoesBackToPendingAndIsProcessedOnceThereIsSpace() throws Exception {
        Path small = dir.resolve("small.csv");
        Path big = dir.resolve("big.csv");
        assertThat(CliTest.run("synth", "transactions", "--rows", "200", "--seed", "3", "--out", small.toString()).code()).isZero();
        assertThat(CliTest.run("synth", "transactions", "--rows", "5000", "--seed", "4", "--out", big.toString()).code()).isZero();
        // the first inference trains the workspace's default model
        assertThat(CliTest.run("infer", small.toString(), "--workspace", ws.toString()).code()).isZero();
        String id;
        try (AppContext app = AppContext.open(ws, 1)) {
            id = app.inbox().submit(big, IntakeOptions.defaults(), Progress.NONE).analysisId();
        }
        Path filler = fill(256 * 1024);

        CliTest.Result r = CliTest.run("inbox", "process", "--workspace", ws.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("is full:").doesNotContain("Exception");
        assertThat(ws.resolve("inbox/pending/" + id + ".csv")).exists();
        assertThat(ws.resolve("inbox/processed/" + id + ".json")).doesNotExist();
        assertThat(ws.resolve("inbox/failed/" + id + ".csv")).doesNotExist();
        try (var names = Files.list(ws.resolve("inbox/processed"))) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(id) || n.endsWith(".tmp"));
        }
        assertThat(CliTest.run("inbox", "list", "--workspace", ws.toString()).out()).containsPattern(id + "\\s+pending");

        Files.delete(filler);
        CliTest.Result again = CliTest.run("inbox", "process", "--workspace", ws.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(ws.resolve("inbox/processed/" + id + ".json")).exists();
    }

    @Test
    void listingJobsOnAFullDiskWorksOrSaysTheDiskIsFull() throws Exception {
        assertThat(CliTest.run("jobs", "list", "--workspace", ws.toString()).code()).isZero();
        fill(0);
        CliTest.Result r = CliTest.run("jobs", "list", "--workspace", ws.toString());
        if (r.code() != 0) {
            assertThat(r.err()).contains("is full:").doesNotContain("SQLITE_IOERR").doesNotContain("disk I/O error");
        }
    }
}
