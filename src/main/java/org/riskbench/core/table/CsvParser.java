package org.riskbench.core.table;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * A streaming RFC 4180 reader written as a state machine over chars, hand-written for speed (runs of plain
 * characters are copied with {@code System.arraycopy}, no String per field): Commons CSV allocates a
 * String per cell, which costs about a third of the throughput on gigabyte files. Lenient where real files
 * differ from the RFC, and says so through row flags: a quote inside an unquoted field is kept as a
 * character ({@link Row#strayQuote()}), text after a closing quote is appended ({@link Row#textAfterQuote()}),
 * a quote left open at the end of the file marks the last row {@link Row#unterminated()}.
 *
 * <p>Line endings: LF, CRLF and a lone CR all end a record outside quotes; inside quotes they are kept
 * in the value. {@link Row#line()} is the physical line (from 1) where a record starts, counting every
 * line break, including those inside quoted fields, so it is the line an editor shows.
 *
 * <p>Memory is bounded by the longest record: a record longer than {@code maxRecordChars} (an unclosed
 * quote swallowing the file, typically) stops the read with {@link RecordTooLongException}.
 */
public final class CsvParser {
    /** Receives each record; the row object is reused, copy what you keep. Return false to stop. */
    @FunctionalInterface
    public interface RowHandler {
        boolean row(Row row);
    }

    /** Thrown when one record exceeds the configured length. */
    public static final class RecordTooLongException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long line;
        private final int max;

        RecordTooLongException(long line, int max) {
            super("the record starting at line " + line + " is longer than " + max
                    + " characters; is a quote left open there?");
            this.line = line;
            this.max = max;
        }

        public long line() {
            return line;
        }

        /** The same failure, {@code lines} further into the file (a part read from the middle of it). */
        public RecordTooLongException shifted(long lines) {
            return lines == 0 ? this : new RecordTooLongException(line + lines, max);
        }
    }

    /** One record: its fields as ranges of a shared char buffer. */
    public static final class Row {
        char[] buf = new char[4096];
        /** Where the fields are: {@link #buf}, or the parser's read buffer for a record that lies whole in it. */
        char[] text = buf;
        int[] starts = new int[64];
        int[] ends = new int[64];
        boolean[] quoted = new boolean[64];
        int count;
        long line;
        long index;
        boolean strayQuote;
        boolean textAfterQuote;
        boolean unterminated;

        public int size() {
            return count;
        }

        public char[] buffer() {
            return text;
        }

        public int start(int field) {
            return starts[field];
        }

        public int end(int field) {
            return ends[field];
        }

        public boolean isQuoted(int field) {
            return quoted[field];
        }

        /** Physical line (from 1) where the record starts. */
        public long line() {
            return line;
        }

        /** Record number from 0 (0 is the header when there is one); blank lines are not records. */
        public long index() {
            return index;
        }

        public boolean strayQuote() {
            return strayQuote;
        }

        public boolean textAfterQuote() {
            return textAfterQuote;
        }

        public boolean unterminated() {
            return unterminated;
        }

        /** The field as a String (allocates: for the preview and the header, not the hot path). */
        public String get(int field) {
            return new String(text, starts[field], ends[field] - starts[field]);
        }

        public String[] toArray() {
            String[] out = new String[count];
            for (int i = 0; i < count; i++) {
                out[i] = get(i);
            }
            return out;
        }
    }

    private static final int START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int AFTER_QUOTE = 3;

    private final char delimiter;
    private final int maxRecordChars;
    private final int bufferChars;
    private long blankLines;
    private long lines;

    public CsvParser(char delimiter, int maxRecordChars, int bufferChars) {
        this.delimiter = delimiter;
        this.maxRecordChars = maxRecordChars;
        this.bufferChars = bufferChars;
    }

    public CsvParser(char delimiter) {
        this(delimiter, 16 << 20, 1 << 18);
    }

    /** Blank lines skipped (outside quotes) in the last parse. */
    public long blankLines() {
        return blankLines;
    }

    /** Physical lines read in the last parse (a last line without a line break counts). */
    public long lines() {
        return lines;
    }

    /** Reads every record of {@code in} (not closed here) into {@code handler}. */
    public void parse(Reader in, RowHandler handler) throws IOException {
        final char delim = delimiter;
        final char[] b = new char[bufferChars];
        final Row row = new Row();
        char[] rb = row.buf;
        int rlen = 0;
        int fieldStart = 0;
        boolean fieldQuoted = false;
        int state = START;
        boolean prevCR = false;
        long line = 1;
        long recordIndex = 0;
        row.line = 1;
        blankLines = 0;
        boolean lastCharWasBreak = true;
        int n;
        while ((n = in.read(b, 0, b.length)) >= 0) {
            int i = 0;
            while (i < n) {
                if (state == START && rlen == 0 && row.count == 0 && !prevCR) {
                    // A record that lies whole in the read buffer, unquoted and ended by LF (nearly every record of
                    // an export): its fields are handed over where they are, without the copy into the row's buffer.
                    int j = fastRecord(b, i, n, row, delim);
                    if (j >= 0) {
                        row.index = recordIndex++;
                        row.text = b;
                        boolean more = handler.row(row);
                        row.text = row.buf;
                        if (!more) {
                            lines = line;
                            return;
                        }
                        line++;
                        resetRow(row);
                        row.line = line;
                        lastCharWasBreak = true;
                        i = j + 1;
                        continue;
                    }
                    row.count = 0;
                }
                char c = b[i];
                if (state == QUOTED) {
                    int j = i;
                    while (j < n) {
                        char q = b[j];
                        if (q == '"') {
                            break;
                        }
                        if (q == '\n') {
                            if (!prevCR) {
                                line++;
                            }
                            prevCR = false;
                        } else if (q == '\r') {
                            line++;
                            prevCR = true;
                        } else {
                            prevCR = false;
                        }
                        j++;
                    }
                    int run = j - i;
                    if (run > 0) {
                        if (rlen + run > rb.length) {
                            rb = grow(row, rlen + run);
                        }
                        System.arraycopy(b, i, rb, rlen, run);
                        rlen += run;
                        i = j;
                        lastCharWasBreak = false;
                        if (rlen > maxRecordChars) {
                            throw new RecordTooLongException(row.line, maxRecordChars);
                        }
                        continue;
                    }
                    // b[i] is a quote
                    state = AFTER_QUOTE;
                    prevCR = false;
                    i++;
                    continue;
                }
                if (state == START || state == UNQUOTED) {
                    if (prevCR) {
                        prevCR = false;
                        if (c == '\n' && state == START && row.count == 0 && rlen == 0) {
                            i++;
                            continue;
                        }
                    }
                    if (state == START && c == '"') {
                        state = QUOTED;
                        fieldQuoted = true;
                        i++;
                        lastCharWasBreak = false;
                        continue;
                    }
                    int j = i;
                    while (j < n) {
                        char u = b[j];
                        if (u == delim || u == '\n' || u == '\r' || u == '"') {
                            break;
                        }
                        j++;
                    }
                    int run = j - i;
                    if (run > 0) {
                        if (rlen + run > rb.length) {
                            rb = grow(row, rlen + run);
                        }
                        System.arraycopy(b, i, rb, rlen, run);
                        rlen += run;
                        state = UNQUOTED;
                        i = j;
                        lastCharWasBreak = false;
                        if (rlen > maxRecordChars) {
                            throw new RecordTooLongException(row.line, maxRecordChars);
                        }
                        continue;
                    }
                    c = b[i];
                    // c is the delimiter, a line break or a stray quote
                }
                // states START/UNQUOTED at a special char, or AFTER_QUOTE
                if (c == delim) {
                    endField(row, fieldStart, rlen, fieldQuoted);
                    fieldStart = rlen;
                    fieldQuoted = false;
                    state = START;
                    lastCharWasBreak = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r') {
                        prevCR = true;
                    }
                    boolean blank = row.count == 0 && rlen == 0 && state == START;
                    if (blank) {
                        blankLines++;
                    } else {
                        endField(row, fieldStart, rlen, fieldQuoted);
                        row.index = recordIndex++;
                        row.text = row.buf;
                        if (!handler.row(row)) {
                            lines = line;
                            return;
                        }
                        rb = row.buf;
                    }
                    line++;
                    resetRow(row);
                    row.line = line;
                    rlen = 0;
                    fieldStart = 0;
                    fieldQuoted = false;
                    state = START;
                    lastCharWasBreak = true;
                } else if (c == '"') {
                    if (state == AFTER_QUOTE) {
                        // "" inside a quoted field: one literal quote
                        rb = append(row, rlen, '"');
                        rlen++;
                        state = QUOTED;
                    } else {
                        row.strayQuote = true;
                        rb = append(row, rlen, '"');
                        rlen++;
                        state = UNQUOTED;
                    }
                    lastCharWasBreak = false;
                } else {
                    // AFTER_QUOTE followed by ordinary text: keep it, flag the row
                    row.textAfterQuote = true;
                    rb = append(row, rlen, c);
                    rlen++;
                    state = UNQUOTED;
                    lastCharWasBreak = false;
                }
                i++;
            }
        }
        boolean inRow = row.count > 0 || rlen > 0 || state != START;
        if (inRow) {
            if (state == QUOTED) {
                row.unterminated = true;
            }
            endField(row, fieldStart, rlen, fieldQuoted);
            row.index = recordIndex;
            row.text = row.buf;
            handler.row(row);
        }
        lines = lastCharWasBreak ? line - 1 : line;
    }

    /**
     * The fields of the record starting at {@code b[i]} into {@code row} when the record is unquoted, not blank and
     * ends with LF before {@code n} (no CR, no quote): returns the index of that LF; else -1, with {@code row.count}
     * left to the caller to reset, and the general path reads the record.
     */
    private int fastRecord(char[] b, int i, int n, Row row, char delim) {
        int fieldStart = i;
        int limit = Math.min(n, i + maxRecordChars);
        for (int j = i; j < limit; j++) {
            char u = b[j];
            if (u > '"' && u != delim) {
                continue;
            }
            if (u == delim) {
                endField(row, fieldStart, j, false);
                fieldStart = j + 1;
            } else if (u == '\n') {
                if (j == i) {
                    return -1; // a blank line
                }
                endField(row, fieldStart, j, false);
                return j;
            } else if (u == '\r' || u == '"') {
                return -1;
            }
        }
        return -1;
    }

    private static void resetRow(Row row) {
        row.count = 0;
        row.strayQuote = false;
        row.textAfterQuote = false;
        row.unterminated = false;
    }

    private static void endField(Row row, int start, int end, boolean quoted) {
        int k = row.count;
        if (k == row.starts.length) {
            int size = k * 2;
            row.starts = Arrays.copyOf(row.starts, size);
            row.ends = Arrays.copyOf(row.ends, size);
            row.quoted = Arrays.copyOf(row.quoted, size);
        }
        row.starts[k] = start;
        row.ends[k] = end;
        row.quoted[k] = quoted;
        row.count = k + 1;
    }

    private static char[] append(Row row, int len, char c) {
        char[] rb = row.buf;
        if (len + 1 > rb.length) {
            rb = grow(row, len + 1);
        }
        rb[len] = c;
        return rb;
    }

    private static char[] grow(Row row, int needed) {
        int size = Math.max(needed, row.buf.length * 2);
        row.buf = Arrays.copyOf(row.buf, size);
        return row.buf;
    }
}
