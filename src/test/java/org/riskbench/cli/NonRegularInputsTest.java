package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputFilesTest;

/**
 * A FIFO or a device named as any input file is refused in one line with exit 2, at once: before, a FIFO hung the
 * command for ever and {@code /dev/zero} as a series read until the JVM ran out of memory.
 */
@EnabledOnOs(OS.LINUX)
class NonRegularInputsTest {
    private static final String SERIES = "sample-data/series/co2.csv";
    private static final String PROFILE = "sample-data/profiles/default.yaml";

    @TempDir
    Path dir;

    private String ws() {
        return dir.resolve("ws").toString();
    }

    private static CliTest.Result quickly(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliTest.run(args));
    }

    @Test
    void aFifoAsAnyInputFileIsOneLineAndExit2() throws Exception {
        Path pipe = InputFilesTest.fifo(dir.resolve("input.pipe"));
        String p = pipe.toString();
        Path out = dir.resolve("out");
        List<CliTest.Result> results = new ArrayList<>();
        results.add(quickly("replay", "--series", p, "--profile", PROFILE, "--out", out.resolve("a").toString(), "--workspace", ws()));
        results.add(quickly("replay", "--series", SERIES, "--profile", p, "--out", out.resolve("b").toString(), "--workspace", ws()));
        results.add(quickly("scenario", "run", "--config", p, "--workspace", ws()));
        results.add(quickly("calibrate", "--series", SERIES, "--profile", PROFILE, "--grid", "@" + p,
                "--calib-out-dir", out.resolve("c").toString(), "--workspace", ws()));
        results.add(quickly("infer", "sample-data/transactions/transactions.csv", "--guardrails", p, "--workspace", ws()));
        results.add(quickly("validate", p));
        results.add(quickly("feedback", "--file", p, "--workspace", ws()));

        for (CliTest.Result r : results) {
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            // the guardrails and feedback files are named by their file name, the others by the path given
            assertThat(r.err().strip()).matches("riskbench: (" + java.util.regex.Pattern.quote(dir.toString())
                    + "/)?input\\.pipe: is a FIFO \\(named pipe\\), not a regular file; give an? [A-Za-z ]+ saved on disk\\.");
        }
    }

    @Test
    void devZeroAsASeriesIsRefusedAtOnce() {
        CliTest.Result r = quickly("replay", "--series", "/dev/zero", "--profile", PROFILE,
                "--out", dir.resolve("out").toString(), "--workspace", ws());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(
                "riskbench: /dev/zero: is a character device, not a regular file; give a series file saved on disk.");
    }

    @Test
    void aSeriesOverItsLimitIsRefusedNamingTheLimit() throws Exception {
        Path big = dir.resolve("big.csv");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), 65L * 1024 * 1024); // sparse: no 65 MB written
        }
        CliTest.Result r = quickly("replay", "--series", big.toString(), "--profile", PROFILE,
                "--out", dir.resolve("out").toString(), "--workspace", ws());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: " + big + ": 65.0 MB, over the 64 MB limit for a series file;"
                + " give a smaller file.");
        assertThat(Files.exists(dir.resolve("out"))).isFalse();
    }
}
