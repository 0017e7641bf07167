package org.riskbench.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on the folders a user names for output, made before any work starts (bad input, not a failed job). */
public final class Folders {
    private Folders() {
    }

    /** The folder, created if need be; a path that is a file, cannot be created or cannot be written is refused. */
    public static Path requireOutputFolder(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new InputException(folder + ": is a file; the output must go to a folder");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException | SecurityException e) {
            throw new InputException("cannot create the output folder " + folder + ": " + reason(e));
        }
        if (!Files.isWritable(folder)) {
            throw new InputException("cannot write into the output folder " + folder + " (permission denied)");
        }
        return folder;
    }

    /**
     * The checks of {@link #requireOutputFolder} without making anything, for a command that must validate all its
     * arguments before any side effect: an existing path must be a writable folder, a new one must have a writable
     * folder as its nearest existing ancestor.
     */
    public static Path checkOutputFolder(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            if (!Files.isDirectory(absolute)) {
                throw new InputException(folder + ": is a file; the output must go to a folder");
            }
            if (!Files.isWritable(absolute)) {
                throw new InputException("cannot write into the output folder " + folder + " (permission denied)");
            }
            return folder;
        }
        Path ancestor = absolute.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null || !Files.isDirectory(ancestor)) {
            throw new InputException("cannot create the output folder " + folder + ": "
                    + (ancestor == null ? "no existing folder above it" : ancestor + " is a file"));
        }
        if (!Files.isWritable(ancestor)) {
            throw new InputException("cannot create the output folder " + folder + ": permission denied");
        }
        return folder;
    }

    /**
     * Removes a folder and everything in it, best effort (a temporary or leftover folder: what stays is removed by the
     * next clean-up). True when nothing of it is left.
     */
    public static boolean deleteTree(Path folder) {
        try (java.util.stream.Stream<Path> all = Files.walk(folder)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort, as above
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // gone already, or unreadable: told by the result
        }
        return !Files.exists(folder);
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f) {
            // its message is only the path when the system gave no reason (e.g. under /proc)
            return f.getReason() != null ? f.getReason() : "the file system refused it";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
