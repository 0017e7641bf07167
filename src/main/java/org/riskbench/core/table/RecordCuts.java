package org.riskbench.core.table;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Where a delimited file can be cut into parts that {@link CsvParser} reads side by side: offsets just after
 * a record's line break, found by running the parser's own states (quoted fields, doubled and stray quotes,
 * CR, LF and CRLF) over the bytes, with the physical line each part starts at. For ASCII-compatible
 * encodings (UTF-8, windows-1252), whose multi-byte characters never hold those bytes.
 *
 * <p>Part {@code k} is bytes {@code [offset(k), offset(k + 1))}; there may be fewer parts than asked (a file
 * of few, long or CR-only records).
 */
public final class RecordCuts {
    private static final int START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int AFTER_QUOTE = 3;

    private final long[] offsets;
    private final long[] lines;

    private RecordCuts(long[] offsets, long[] lines) {
        this.offsets = offsets;
        this.lines = lines;
    }

    public int parts() {
        return offsets.length - 1;
    }

    public long offset(int part) {
        return offsets[part];
    }

    /** Physical line (from 1, as {@link CsvParser.Row#line()} counts) where part {@code part}'s first record starts. */
    public long line(int part) {
        return lines[part];
    }

    /** Cuts bytes {@code [from, end of file)} into about {@code parts} parts of even size. */
    public static RecordCuts of(Path file, long from, char delimiter, int parts) throws IOException {
        if (delimiter >= 128) {
            throw new IllegalArgumentException("the delimiter must be ASCII to cut bytes");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            Cutter cuts = new Cutter(from, size, parts);
            final byte delim = (byte) delimiter;
            int state = START;
            boolean prevCR = false;
            boolean rowEmpty = true;
            long line = 1;
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            long blockStart = from;
            ch.position(from);
            while (!cuts.done() && ch.read(buf) > 0) {
                buf.flip();
                byte[] b = buf.array();
                int n = buf.limit();
                for (int i = 0; i < n && !cuts.done(); i++) {
                    byte c = b[i];
                    // most bytes are text (above '"', or not ASCII, and not the delimiter): they change nothing but leave START
                    if ((c > '"' || c < 0) && c != delim) {
                        if (state == QUOTED) {
                            prevCR = false;
                            continue;
                        }
                        if (state != AFTER_QUOTE && !prevCR) {
                            state = UNQUOTED;
                            rowEmpty = false;
                            continue;
                        }
                    }
                    long pos = blockStart + i;
                    if (state == QUOTED) {
                        if (c == '"') {
                            state = AFTER_QUOTE;
                            prevCR = false;
                        } else if (c == '\n') {
                            if (!prevCR) {
                                line++;
                            }
                            prevCR = false;
                        } else if (c == '\r') {
                            line++;
                            prevCR = true;
                        } else {
                            prevCR = false;
                        }
                        continue;
                    }
                    boolean cut = false;
                    if (state == START || state == UNQUOTED) {
                        if (prevCR) {
                            prevCR = false;
                            if (c == '\n' && state == START && rowEmpty) {
                                // the LF of a CRLF that ended a record
                                cuts.recordEnd(pos + 1, line);
                                continue;
                            }
                        }
                        if (state == START && c == '"') {
                            state = QUOTED;
                            rowEmpty = false;
                            continue;
                        }
                        if (c != delim && c != '\n' && c != '\r' && c != '"') {
                            state = UNQUOTED;
                            rowEmpty = false;
                            continue;
                        }
                    }
                    if (c == delim) {
                        state = START;
                        rowEmpty = false;
                    } else if (c == '\n' || c == '\r') {
                        prevCR = c == '\r';
                        line++;
                        state = START;
                        rowEmpty = true;
                        cut = c == '\n';
                    } else if (c == '"') {
                        state = state == AFTER_QUOTE ? QUOTED : UNQUOTED;
                        rowEmpty = false;
                    } else {
                        state = UNQUOTED;
                        rowEmpty = false;
                    }
                    if (cut) {
                        cuts.recordEnd(pos + 1, line);
                    }
                }
                blockStart += n;
                buf.clear();
            }
            return cuts.build();
        }
    }

    /** The cuts found so far: one at the first record end past each even share of the bytes. */
    private static final class Cutter {
        private final long from;
        private final long size;
        private final int parts;
        private final long[] offsets;
        private final long[] lines;
        private int found = 1;

        Cutter(long from, long size, int parts) {
            this.from = from;
            this.size = size;
            this.parts = parts;
            offsets = new long[parts + 1];
            lines = new long[parts + 1];
            offsets[0] = from;
            lines[0] = 1;
        }

        boolean done() {
            return found >= parts;
        }

        /** A record ends just before {@code next}, the next one starting at physical line {@code line}. */
        void recordEnd(long next, long line) {
            if (next >= from + (size - from) * found / parts) {
                offsets[found] = next;
                lines[found] = line;
                found++;
            }
        }

        RecordCuts build() {
            // the last part ends at the end of the file; a cut at the very end would make an empty part
            int n = found;
            while (n > 1 && offsets[n - 1] >= size) {
                n--;
            }
            offsets[n] = size;
            return new RecordCuts(Arrays.copyOf(offsets, n + 1), Arrays.copyOf(lines, n + 1));
        }
    }
}
