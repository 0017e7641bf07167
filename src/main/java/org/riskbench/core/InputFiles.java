package org.riskbench.core;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * The one way a file the user names is opened (CLI, GUI, HTTP API). Before anything is opened, the path is
 * resolved ({@code toRealPath}, so a loop of symbolic links is one line, not a hang) and must be a regular
 * file: a FIFO would block the open for ever, a device such as {@code /dev/zero} never ends, a folder or a
 * socket is a slip. Each kind of input has a size limit, checked against the file's size up front and again
 * while reading (a file that grows, or a {@code /proc} file that says it is empty).
 */
public final class InputFiles {

    private static final long MB = 1024L * 1024L;

    /** The kinds of user input, each with the name messages use and its size limit. */
    public enum Kind {
        SERIES("series file", 64),
        PROFILE("profile file", 1),
        SCENARIO_CONFIG("scenario config", 1),
        SCENARIO_DATA("scenario data file", 256),
        GRID("grid file", 1),
        GUARDRAILS("guardrails file", 1),
        THRESHOLDS("thresholds file", 1),
        COST_MATRIX("cost matrix", 1),
        FEEDBACK("feedback file", 64),
        PROJECT("project.yaml", 1),
        /** A CSV file of transactions to validate, score or train on (the intake's own default limit). */
        CSV("CSV file", 500),
        MODEL("model bundle file", 256);

        private final String what;
        private final long limitBytes;

        Kind(String what, long limitMb) {
            this.what = what;
            this.limitBytes = limitMb * MB;
        }

        /** What the file is, for messages ("series file"). */
        public String what() {
            return what;
        }

        public long limitBytes() {
            return limitBytes;
        }

        /** The limit as people read it ("64 MB"). */
        public String limit() {
            return limitBytes / MB + " MB";
        }
    }

    private InputFiles() {
    }

    /**
     * The file's real path once it is known to be a regular file within the kind's limit; nothing is opened.
     *
     * @param source names the file in messages, as the caller reports it
     * @throws InputException one line: not found, a loop of links, a folder, a FIFO, a device, a socket, too big
     */
    public static Path check(Path file, String source, Kind kind) {
        return check(file, source, kind, kind.limitBytes);
    }

    /** As {@link #check(Path, String, Kind)} with another size limit (a reader with its own, such as the intake's). */
    public static Path check(Path file, String source, Kind kind, long limitBytes) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new InputException(source + ": " + kind.what + " not found.");
        } catch (AccessDeniedException e) {
            throw new InputException(source + ": cannot read the " + kind.what + " (permission denied).");
        } catch (FileSystemException e) {
            if (e.getReason() != null && e.getReason().toLowerCase(Locale.ROOT).contains("symbolic link")) {
                throw new InputException(source + ": a loop of symbolic links, not a " + kind.what + ".");
            }
            throw new InputException(source + ": cannot read the " + kind.what + ": " + reason(e), e);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read the " + kind.what + ": " + reason(e), e);
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read the " + kind.what + ": " + reason(e), e);
        }
        if (attributes.isDirectory()) {
            throw new InputException(source + ": is a folder, not a " + kind.what + ".");
        }
        if (!attributes.isRegularFile()) {
            throw new InputException(source + ": is " + special(real) + ", not a regular file; give a " + kind.what
                    + " saved on disk.");
        }
        if (attributes.size() > limitBytes) {
            throw tooBig(source, kind, attributes.size());
        }
        return real;
    }

    /** Opens a checked file; reading past the kind's limit throws an {@link InputException}. */
    public static InputStream open(Path file, String source, Kind kind) {
        Path real = check(file, source, kind);
        try {
            return new Bounded(Files.newInputStream(real), source, kind);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read the " + kind.what + ": " + reason(e), e);
        }
    }

    /**
     * A strict UTF-8 reader of a checked file: bad bytes raise a {@link java.nio.charset.CharacterCodingException}
     * that {@link TextFiles#readFailure} turns into a located message, as {@code Files.newBufferedReader} does.
     */
    public static BufferedReader reader(Path file, String source, Kind kind) {
        return new BufferedReader(new InputStreamReader(open(file, source, kind), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** The whole checked file, never more than the kind's limit. */
    public static byte[] readAllBytes(Path file, String source, Kind kind) {
        try (InputStream in = open(file, source, kind)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InputException(source + ": cannot read the " + kind.what + ": " + reason(e), e);
        }
    }

    /** @param size the file's size, or a negative number when it was found too big while reading */
    static InputException tooBig(String source, Kind kind, long size) {
        String what = size < 0 ? "larger than" : String.format(Locale.ROOT, "%.1f MB, over", size / (double) MB);
        return new InputException(String.format(Locale.ROOT, "%s: %s the %s limit for a %s; give a smaller file.",
                source, what, kind.limit(), kind.what));
    }

    /** What a file that is neither a folder nor a regular file is, from its Unix mode where the platform tells it. */
    private static String special(Path file) {
        try {
            int type = ((Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0170000;
            switch (type) {
                case 0010000:
                    return "a FIFO (named pipe)";
                case 0020000:
                    return "a character device";
                case 0060000:
                    return "a block device";
                case 0140000:
                    return "a socket";
                default:
                    break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // no Unix view: the generic wording below
        }
        return "a special file";
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Counts what is read and refuses the byte past the limit. */
    private static final class Bounded extends FilterInputStream {
        private final String source;
        private final Kind kind;
        private long count;

        Bounded(InputStream in, String source, Kind kind) {
            super(in);
            this.source = source;
            this.kind = kind;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) {
            count += n;
            if (count > kind.limitBytes) {
                throw tooBig(source, kind, -1);
            }
        }
    }
}
