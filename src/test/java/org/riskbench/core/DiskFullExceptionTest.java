package org.riskbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskFullExceptionTest {
    @TempDir
    Path dir;

    @Test
    void aFailedWriteIsToldAsAFullDiskOnlyWhenItIs() {
        Path here = dir.toAbsolutePath();
        assertThat(DiskFullException.of(new UncheckedIOException(new IOException(
                "/x/runs.csv: No space left on device")), here)).get()
                .extracting(Throwable::getMessage).asString().startsWith("the disk holding " + here + " is full: ");
        assertThat(DiskFullException.of(new IllegalStateException("[SQLITE_FULL] database or disk is full"), here)).isPresent();
        // an SQLite I/O error with plenty of room is something else, and is told as it is
        assertThat(DiskFullException.of(new IllegalStateException("[SQLITE_IOERR_SHMSIZE] disk I/O error"), here)).isEmpty();
        assertThat(DiskFullException.of(new IOException("Permission denied"), here)).isEmpty();
    }
}
