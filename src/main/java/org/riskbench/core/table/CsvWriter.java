package org.riskbench.core.table;

import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one CSV writer of the artifacts: UTF-8 bytes into a buffer in front of a stream, comma-separated, records
 * ended by {@code \n} unless told otherwise. Two levels: {@link #field(Object)} and {@link #record} write the
 * delimiters and quote by the writer's {@link Quoting}; the byte-level methods ({@link #ascii(char)},
 * {@link #bytes(byte[], int, int)}, {@link #integer(long)}, {@link #formatted}, ...) write exactly what they are
 * given, for hot loops that lay out a row themselves (the scoring results, a million rows a second).
 *
 * <p>Not thread-safe; {@link #flush()} at the end (the stream is not closed here).
 */
public final class CsvWriter implements Flushable {
    /** When a field is put in quotes (a quote inside is then doubled). */
    public enum Quoting {
        /**
         * Commons CSV's DEFAULT format rule (QuoteMode.MINIMAL), which the artifacts were written with before this
         * writer: a field holding a comma, a quote, CR or LF; a field whose first character is at most {@code '#'}
         * (a space, a control character, {@code !}, {@code "} or {@code #}); a field whose last character is at most
         * a space; an empty field that starts a record (so a record of one empty field is not a blank line). A null
         * value is an empty field, never quoted.
         */
        COMMONS,
        /** Only a field holding a comma, a quote, CR or LF: what a reader needs, nothing more. */
        NEEDED
    }

    /** Writes a formatted value into {@code buf} at {@code at} and returns the new end, or -1 when it cannot. */
    @FunctionalInterface
    public interface ByteFormat {
        int format(byte[] buf, int at);
    }

    private static final char DELIMITER = ',';

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int len;
    private Quoting quoting = Quoting.COMMONS;
    private byte[] recordSeparator = {'\n'};
    private boolean recordStart = true;

    private CsvWriter(OutputStream out) {
        this.out = out;
    }

    /** A writer with Commons CSV's quoting and {@code \n} after each record. */
    public static CsvWriter of(OutputStream out) {
        return new CsvWriter(out);
    }

    public CsvWriter quoting(Quoting quoting) {
        this.quoting = quoting;
        return this;
    }

    /** What ends a record ({@code \n} unless told; {@code \r\n} for a file that always had it). */
    public CsvWriter recordSeparator(String separator) {
        this.recordSeparator = separator.getBytes(StandardCharsets.US_ASCII);
        return this;
    }

    // ---- fields and records

    /** One field: the delimiter before it unless it starts the record, then {@code value}'s text (null: empty). */
    public CsvWriter field(Object value) throws IOException {
        if (!recordStart) {
            ascii(DELIMITER);
        }
        if (value == null) {
            recordStart = false;
            return this;
        }
        String s = value.toString();
        if (needsQuotes(s, recordStart)) {
            quoted(s);
        } else {
            text(s);
        }
        recordStart = false;
        return this;
    }

    /** Ends the record. */
    public CsvWriter endRecord() throws IOException {
        bytes(recordSeparator, 0, recordSeparator.length);
        recordStart = true;
        return this;
    }

    /** A whole record: each value a {@link #field(Object)}, then {@link #endRecord()}. */
    public CsvWriter record(Iterable<?> values) throws IOException {
        for (Object v : values) {
            field(v);
        }
        return endRecord();
    }

    public CsvWriter record(Object... values) throws IOException {
        for (Object v : values) {
            field(v);
        }
        return endRecord();
    }

    private boolean needsQuotes(String s, boolean first) {
        int n = s.length();
        if (n == 0) {
            return quoting == Quoting.COMMONS && first;
        }
        if (quoting == Quoting.COMMONS && (s.charAt(0) <= '#' || s.charAt(n - 1) <= ' ')) {
            return true;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == DELIMITER || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    private void quoted(String s) throws IOException {
        ascii('"');
        text(s.indexOf('"') < 0 ? s : s.replace("\"", "\"\""));
        ascii('"');
    }

    /**
     * A field already encoded as UTF-8, {@code b[from, to)}, quoted when it holds a comma, a quote, CR or LF (the
     * {@link Quoting#NEEDED} rule, whatever the writer's); no delimiter is written.
     */
    public CsvWriter fieldBytes(byte[] b, int from, int to) throws IOException {
        boolean q = false;
        for (int i = from; i < to && !q; i++) {
            byte x = b[i];
            q = x == DELIMITER || x == '"' || x == '\n' || x == '\r';
        }
        if (!q) {
            return bytes(b, from, to);
        }
        ascii('"');
        for (int i = from; i < to; i++) {
            if (len + 2 > buf.length) {
                flushBuffer();
            }
            if (b[i] == '"') {
                buf[len++] = '"';
            }
            buf[len++] = b[i];
        }
        return ascii('"');
    }

    // ---- bytes as given

    public CsvWriter ascii(char c) throws IOException {
        if (len == buf.length) {
            flushBuffer();
        }
        buf[len++] = (byte) c;
        recordStart = false;
        return this;
    }

    /** A string of ASCII characters (keys, punctuation), without encoding it. */
    public CsvWriter ascii(String s) throws IOException {
        int n = s.length();
        if (len + n > buf.length) {
            flushBuffer();
            if (n > buf.length) {
                return bytes(s.getBytes(StandardCharsets.US_ASCII));
            }
        }
        for (int k = 0; k < n; k++) {
            buf[len++] = (byte) s.charAt(k);
        }
        recordStart = false;
        return this;
    }

    public CsvWriter bytes(byte[] b) throws IOException {
        return bytes(b, 0, b.length);
    }

    public CsvWriter bytes(byte[] b, int from, int to) throws IOException {
        int n = to - from;
        recordStart = false;
        if (len + n > buf.length) {
            flushBuffer();
            if (n > buf.length) {
                out.write(b, from, n);
                return this;
            }
        }
        System.arraycopy(b, from, buf, len, n);
        len += n;
        return this;
    }

    /** Text as UTF-8. */
    public CsvWriter text(String s) throws IOException {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code v} as {@link Long#toString(long)} writes it. */
    public CsvWriter integer(long v) throws IOException {
        if (v == Long.MIN_VALUE) {
            return ascii(Long.toString(v));
        }
        if (len + 20 > buf.length) {
            flushBuffer();
        }
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        len = digits(v, buf, len);
        recordStart = false;
        return this;
    }

    /** The decimal digits of {@code v >= 0} into {@code buf} at {@code at}; returns the new end (room for 19 assumed). */
    public static int digits(long v, byte[] buf, int at) {
        int n = 1;
        for (long t = v; t >= 10; t /= 10) {
            n++;
        }
        for (int k = at + n - 1; k >= at; k--) {
            buf[k] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + n;
    }

    /**
     * A value {@code format} writes straight into the buffer (at most {@code maxBytes}); when it returns -1,
     * {@code fallback}'s text instead.
     */
    public CsvWriter formatted(int maxBytes, ByteFormat format, java.util.function.Supplier<String> fallback)
            throws IOException {
        if (len + maxBytes > buf.length) {
            flushBuffer();
        }
        int end = format.format(buf, len);
        if (end >= 0) {
            len = end;
            recordStart = false;
            return this;
        }
        return text(fallback.get());
    }

    @Override
    public void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, len);
        len = 0;
    }
}
