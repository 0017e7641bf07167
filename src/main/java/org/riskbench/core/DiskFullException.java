package org.riskbench.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The disk holding the workspace or an output folder is full. Told in one sentence wherever it surfaces: a write
 * that fails with ENOSPC, SQLite's {@code SQLITE_FULL}, or an SQLite I/O error (on a full disk SQLite reports
 * {@code SQLITE_IOERR_SHMSIZE} when it cannot grow its shared memory file, and a commit whose WAL frames could not be
 * written rolls back and then reads "cannot commit - no transaction is active") while the disk has almost no room.
 */
public final class DiskFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Below this much free space an SQLite I/O error is taken for a full disk (a failed write has just used it up). */
    static final long LOW_SPACE_BYTES = 16L << 20;

    private final long freeBytes;

    private DiskFullException(Path where, long freeBytes, Throwable cause) {
        super("the disk holding " + where + " is full: " + String.format(Locale.ROOT, "%,d", Math.max(0, freeBytes))
                + " bytes free; free space and retry", cause);
        this.freeBytes = freeBytes;
    }

    public long freeBytes() {
        return freeBytes;
    }

    /**
     * The failure {@code failure} as a full disk at {@code where} (a file or folder on the disk concerned), when it is
     * one; empty otherwise. A {@link DiskFullException} in the cause chain is returned as it is.
     */
    public static Optional<DiskFullException> of(Throwable failure, Path where) {
        boolean certain = false;
        boolean ioError = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DiskFullException full) {
                return Optional.of(full);
            }
            String message = String.valueOf(t.getMessage());
            if (message.contains("No space left on device") || message.contains("Disk quota exceeded")
                    || message.contains("SQLITE_FULL") || message.contains("database or disk is full")) {
                certain = true;
            } else if (message.contains("SQLITE_IOERR") || message.contains("disk I/O error")
                    || message.contains("no transaction is active")) {
                ioError = true;
            }
        }
        if (!certain && !ioError) {
            return Optional.empty();
        }
        long free = freeBytes(where);
        if (certain || (free >= 0 && free < LOW_SPACE_BYTES)) {
            return Optional.of(new DiskFullException(existing(where), free, failure));
        }
        return Optional.empty();
    }

    /** Usable bytes on the disk holding {@code where} (or its nearest existing parent); -1 when unknown. */
    public static long freeBytes(Path where) {
        try {
            return Files.getFileStore(existing(where)).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Path existing(Path where) {
        Path p = where.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? where.toAbsolutePath() : p;
    }
}
