package org.riskbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

public class InputFilesTest {
    @TempDir
    Path dir;

    /** A real named pipe: opening it for reading blocks until a writer comes, so it must be refused unopened. */
    public static Path fifo(Path at) throws Exception {
        Process p = new ProcessBuilder("mkfifo", at.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor()).as("mkfifo").isZero();
        return at;
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        Path pipe = fifo(dir.resolve("series.csv"));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> TextFiles.read(pipe, "series.csv", InputFiles.Kind.SERIES))
                        .isInstanceOf(InputException.class)
                        .hasMessage("series.csv: is a FIFO (named pipe), not a regular file; give a series file saved on disk."));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aDeviceIsRefusedImmediately() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> InputFiles.open(Path.of("/dev/zero"), "/dev/zero", InputFiles.Kind.SERIES))
                        .isInstanceOf(InputException.class)
                        .hasMessage("/dev/zero: is a character device, not a regular file; give a series file saved on disk."));
    }

    @Test
    void aFileOverItsKindsLimitIsRefusedNamingTheLimit() throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[(int) InputFiles.Kind.PROFILE.limitBytes() + 1]);
        assertThatThrownBy(() -> TextFiles.read(big, "big.yaml", InputFiles.Kind.PROFILE))
                .isInstanceOf(InputException.class)
                .hasMessage("big.yaml: 1.0 MB, over the 1 MB limit for a profile file; give a smaller file.");
    }

    @Test
    void aStreamIsCutAtTheLimitEvenWhenTheFileGrewAfterTheCheck() throws Exception {
        Path grid = Files.write(dir.resolve("grid.txt"), new byte[10]);
        try (InputStream in = InputFiles.open(grid, "grid.txt", InputFiles.Kind.GRID)) {
            Files.write(grid, new byte[(int) InputFiles.Kind.GRID.limitBytes() + 10]);
            assertThatThrownBy(in::readAllBytes).isInstanceOf(InputException.class)
                    .hasMessage("grid.txt: larger than the 1 MB limit for a grid file; give a smaller file.");
        }
    }

    @Test
    void aLoopOfSymbolicLinksIsOneLine() throws Exception {
        Path a = dir.resolve("a.yaml");
        Path b = dir.resolve("b.yaml");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        assertThatThrownBy(() -> InputFiles.check(a, "a.yaml", InputFiles.Kind.PROFILE))
                .isInstanceOf(InputException.class)
                .hasMessage("a.yaml: a loop of symbolic links, not a profile file.");
    }

    @Test
    void aLinkToARegularFileIsFollowedAndAFolderOrAMissingFileIsNamed() throws Exception {
        Path target = Files.writeString(dir.resolve("real.yaml"), "a: 1\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), target);
        assertThat(TextFiles.read(link, "link.yaml", InputFiles.Kind.PROFILE)).isEqualTo("a: 1\n");
        assertThatThrownBy(() -> InputFiles.check(dir, "d", InputFiles.Kind.GUARDRAILS))
                .hasMessage("d: is a folder, not a guardrails file.");
        assertThatThrownBy(() -> InputFiles.check(dir.resolve("gone"), "gone", InputFiles.Kind.FEEDBACK))
                .hasMessage("gone: feedback file not found.");
    }
}
