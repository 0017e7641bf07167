package org.riskbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheContentAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("summary.json");
        AtomicFiles.writeString(target, "old");

        AtomicFiles.writeString(target, "new");

        assertThat(target).hasContent("new");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aWrittenFileGetsThePermissionsOfAnyNewFileNotOwnerOnly() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x"); // as the user's umask makes files
        Path written = dir.resolve("written.txt");

        AtomicFiles.writeString(written, "x");

        assertThat(Files.getPosixFilePermissions(written)).isEqualTo(Files.getPosixFilePermissions(plain));
    }
}
