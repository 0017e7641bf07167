package org.riskbench.engine.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.riskbench.core.CancelledException;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;

/**
 * The enriched table as batch scoring needs it, read without a string per cell: the numeric columns the
 * model and the guardrails use as {@code double[]}, the categorical ones as level codes, and a few text
 * columns (the input columns the results repeat) as UTF-8 bytes. Rows come in chunks of {@link #CHUNK}
 * rows; one thread splits the file into records, the pool parses chunks in parallel.
 *
 * <p>The file is comma-separated UTF-8 as {@code Enricher} writes it (RFC 4180 quoting, so a record ends at
 * a line break outside quotes; blank lines are skipped). Numbers read exactly as {@link Table#parse(String)}
 * reads them: plain decimals of at most 15 digits take Clinger's fast path (an exact integer divided by an
 * exact power of ten is correctly rounded, as {@code Double.parseDouble} is); anything else goes through
 * {@code Table.parse}.
 */
public final class EnrichedBatch {
    public static final int CHUNK = 1 << 15;
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
        1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * What to read. Columns missing from the file read as all-missing (numeric: NaN; categorical: no level;
     * text: absent, see {@link #hasText(String)}).
     *
     * @param numeric     columns parsed as numbers
     * @param categorical columns coded against these levels (trimmed value; -1 when not a level)
     * @param text        columns kept as text
     */
    public record Spec(List<String> numeric, Map<String, List<String>> categorical, List<String> text) {
        public Spec {
            numeric = List.copyOf(numeric);
            categorical = new java.util.LinkedHashMap<>(categorical);
            text = List.copyOf(text);
        }
    }

    /** Rows {@code [start, start + size)}. */
    public static final class Chunk {
        final int start;
        final int size;
        final double[][] num;
        final int[][] level;
        final byte[] text;
        /** End offset in {@link #text} of row r's text column k at {@code r * textCols + k}; starts are the previous end. */
        final int[] textEnd;

        Chunk(int start, int size, double[][] num, int[][] level, byte[] text, int[] textEnd) {
            this.start = start;
            this.size = size;
            this.num = num;
            this.level = level;
            this.text = text;
            this.textEnd = textEnd;
        }
    }

    private final Spec spec;
    private final List<String> header;
    private final boolean[] hasNumeric;
    private final boolean[] hasCategorical;
    private final List<String> textPresent;
    private final List<Chunk> chunks;
    private final int rows;

    private EnrichedBatch(Spec spec, List<String> header, boolean[] hasNumeric, boolean[] hasCategorical, List<String> textPresent,
                          List<Chunk> chunks) {
        this.spec = spec;
        this.header = header;
        this.hasNumeric = hasNumeric;
        this.hasCategorical = hasCategorical;
        this.textPresent = textPresent;
        this.chunks = chunks;
        int n = 0;
        for (Chunk c : chunks) {
            n += c.size;
        }
        this.rows = n;
    }

    public int rows() {
        return rows;
    }

    public List<String> header() {
        return header;
    }

    List<Chunk> chunks() {
        return chunks;
    }

    public Spec spec() {
        return spec;
    }

    public boolean hasNumeric(String name) {
        int k = spec.numeric().indexOf(name);
        return k >= 0 && hasNumeric[k];
    }

    public boolean hasCategorical(String name) {
        int k = new ArrayList<>(spec.categorical().keySet()).indexOf(name);
        return k >= 0 && hasCategorical[k];
    }

    /** True when the file has this text column (one of {@link Spec#text()}). */
    public boolean hasText(String name) {
        return textPresent.contains(name);
    }

    /** The text columns the file has, in {@link Spec#text()} order. */
    public List<String> textColumns() {
        return textPresent;
    }

    /** One numeric column, all rows (a copy). */
    public double[] numeric(String name) {
        int k = spec.numeric().indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException(name + " was not read as numeric");
        }
        double[] out = new double[rows];
        for (Chunk c : chunks) {
            System.arraycopy(c.num[k], 0, out, c.start, c.size);
        }
        return out;
    }

    /** The text of column {@code textIndex} (in {@link #textColumns()}) of a row, decoded. */
    public String text(int row, int textIndex) {
        Chunk c = chunkOf(row);
        int r = row - c.start;
        int k = textPresent.size();
        int at = r * k + textIndex;
        int from = at == 0 ? 0 : c.textEnd[at - 1];
        return new String(c.text, from, c.textEnd[at] - from, StandardCharsets.UTF_8);
    }

    /** True when column {@code textIndex} holds the same text in both rows (compares bytes, decodes nothing). */
    public boolean sameText(int rowA, int rowB, int textIndex) {
        Chunk a = chunkOf(rowA);
        Chunk b = chunkOf(rowB);
        int k = textPresent.size();
        int atA = (rowA - a.start) * k + textIndex;
        int atB = (rowB - b.start) * k + textIndex;
        int fromA = atA == 0 ? 0 : a.textEnd[atA - 1];
        int fromB = atB == 0 ? 0 : b.textEnd[atB - 1];
        return java.util.Arrays.equals(a.text, fromA, a.textEnd[atA], b.text, fromB, b.textEnd[atB]);
    }

    /** The bytes of column {@code textIndex} of a row as a decimal integer, as {@link Long#parseLong} reads its text. */
    public long integer(int row, int textIndex) {
        Chunk c = chunkOf(row);
        int at = (row - c.start) * textPresent.size() + textIndex;
        int from = at == 0 ? 0 : c.textEnd[at - 1];
        int to = c.textEnd[at];
        if (to - from >= 1 && to - from <= 18) {
            long v = 0;
            boolean digits = true;
            for (int i = from; i < to && digits; i++) {
                int d = c.text[i] - '0';
                digits = d >= 0 && d <= 9;
                v = v * 10 + d;
            }
            if (digits) {
                return v;
            }
        }
        return Long.parseLong(new String(c.text, from, to - from, StandardCharsets.UTF_8));
    }

    Chunk chunkOf(int row) {
        Chunk c = chunks.get(row / CHUNK);
        if (row < c.start || row >= c.start + c.size) {
            throw new IndexOutOfBoundsException("row " + row);
        }
        return c;
    }

    /** Reads {@code file}; chunks are parsed on {@code pool} (null: in this thread). */
    public static EnrichedBatch read(Path file, Spec spec, ExecutorService pool, Progress progress) {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            RecordSplitter split = new RecordSplitter(in);
            byte[][] headerRec = split.nextBlock(1);
            if (headerRec == null) {
                throw new InputException(name + ": the file is empty, no header");
            }
            List<String> header = new ArrayList<>();
            FieldCursor cur = new FieldCursor();
            cur.reset(headerRec[0], 0, headerRec[0].length);
            while (cur.next()) {
                header.add(cur.string());
            }
            Layout layout = new Layout(spec, header);
            List<Future<Chunk>> futures = new ArrayList<>();
            List<Chunk> done = new ArrayList<>();
            int start = 0;
            long firstLine = split.lineOfNext();
            while (true) {
                progress.checkCancelled();
                Block b = split.nextChunk(CHUNK);
                if (b == null) {
                    break;
                }
                int s = start;
                long line = firstLine;
                if (pool == null) {
                    done.add(parse(b, s, line, layout, name));
                } else {
                    futures.add(pool.submit(() -> parse(b, s, line, layout, name)));
                    // bound the bytes in flight: wait for the oldest when more than 4 chunks are queued
                    if (futures.size() - done.size() > 4) {
                        done.add(join(futures.get(done.size())));
                    }
                }
                start += b.records;
                firstLine = split.lineOfNext();
            }
            while (done.size() < futures.size()) {
                done.add(join(futures.get(done.size())));
            }
            return new EnrichedBatch(spec, List.copyOf(header), layout.hasNumeric, layout.hasCategorical, layout.textPresent, done);
        } catch (IOException e) {
            throw new InputException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The result of a pool task: a cancelled wait is a cancel, the task's own exception is rethrown as it was. */
    static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Which slot each header column fills. */
    private static final class Layout {
        final int fields;
        final int[] numSlot;
        final int[] catSlot;
        final int[] textSlot;
        final boolean[] hasNumeric;
        final boolean[] hasCategorical;
        final List<String> textPresent = new ArrayList<>();
        final byte[][][] levels;
        final List<Map<String, Integer>> levelIndex = new ArrayList<>();
        final int numericCount;
        final int categoricalCount;

        Layout(Spec spec, List<String> header) {
            fields = header.size();
            numSlot = new int[fields];
            catSlot = new int[fields];
            textSlot = new int[fields];
            Arrays.fill(numSlot, -1);
            Arrays.fill(catSlot, -1);
            Arrays.fill(textSlot, -1);
            numericCount = spec.numeric().size();
            hasNumeric = new boolean[numericCount];
            for (int k = 0; k < numericCount; k++) {
                int j = header.indexOf(spec.numeric().get(k));
                if (j >= 0) {
                    numSlot[j] = k;
                    hasNumeric[k] = true;
                }
            }
            List<String> cats = new ArrayList<>(spec.categorical().keySet());
            categoricalCount = cats.size();
            hasCategorical = new boolean[categoricalCount];
            levels = new byte[categoricalCount][][];
            for (int k = 0; k < categoricalCount; k++) {
                List<String> lv = spec.categorical().get(cats.get(k));
                levels[k] = new byte[lv.size()][];
                Map<String, Integer> index = new HashMap<>();
                for (int l = 0; l < lv.size(); l++) {
                    levels[k][l] = lv.get(l).getBytes(StandardCharsets.UTF_8);
                    index.putIfAbsent(lv.get(l), l);
                }
                levelIndex.add(index);
                int j = header.indexOf(cats.get(k));
                if (j >= 0) {
                    catSlot[j] = k;
                    hasCategorical[k] = true;
                }
            }
            for (String t : spec.text()) {
                int j = header.indexOf(t);
                if (j >= 0) {
                    textSlot[j] = textPresent.size();
                    textPresent.add(t);
                }
            }
        }
    }

    private static Chunk parse(Block b, int start, long firstLine, Layout layout, String file) {
        int n = b.records;
        double[][] num = new double[layout.numericCount][n];
        for (int k = 0; k < layout.numericCount; k++) {
            if (!layout.hasNumeric[k]) {
                Arrays.fill(num[k], Double.NaN);
            }
        }
        int[][] level = new int[layout.categoricalCount][n];
        for (int[] l : level) {
            Arrays.fill(l, -1);
        }
        int textCols = layout.textPresent.size();
        int[] textEnd = new int[n * textCols];
        byte[] text = new byte[Math.max(16, n * textCols * 12)];
        int textLen = 0;
        FieldCursor cur = new FieldCursor();
        for (int r = 0; r < n; r++) {
            cur.reset(b.bytes, b.from[r], b.to[r]);
            int j = 0;
            while (cur.next()) {
                if (j < layout.fields) {
                    int ns = layout.numSlot[j];
                    if (ns >= 0) {
                        num[ns][r] = cur.number();
                    }
                    int cs = layout.catSlot[j];
                    if (cs >= 0) {
                        level[cs][r] = cur.level(layout.levels[cs], layout.levelIndex.get(cs));
                    }
                    int ts = layout.textSlot[j];
                    if (ts >= 0) {
                        int len = cur.length();
                        if (textLen + len > text.length) {
                            text = Arrays.copyOf(text, Math.max(text.length * 2, textLen + len));
                        }
                        cur.copyTo(text, textLen);
                        textLen += len;
                        textEnd[r * textCols + ts] = textLen;
                    }
                }
                j++;
            }
            if (j != layout.fields) {
                long line = firstLine + countLines(b.bytes, 0, b.from[r]);
                throw InputException.at(file, line, 0, "the row has " + j + " fields, the header has " + layout.fields);
            }
        }
        return new Chunk(start, n, num, level, Arrays.copyOf(text, textLen), textEnd);
    }

    private static long countLines(byte[] bytes, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    /** Complete records of a chunk: {@code bytes[from[r], to[r])}, line breaks excluded. */
    private record Block(byte[] bytes, int[] from, int[] to, int records) {
    }

    /** Splits a stream into records at line breaks outside quotes (well-formed RFC 4180: quote parity). */
    private static final class RecordSplitter {
        private final InputStream in;
        private byte[] buf = new byte[1 << 22];
        private int len;
        private int pos;
        private boolean eof;
        private long line = 1;

        RecordSplitter(InputStream in) {
            this.in = in;
        }

        long lineOfNext() {
            return line;
        }

        /** The next {@code max} records as separate arrays (the header); null at the end. */
        byte[][] nextBlock(int max) throws IOException {
            Block b = nextChunk(max);
            if (b == null) {
                return null;
            }
            byte[][] out = new byte[b.records][];
            for (int r = 0; r < b.records; r++) {
                out[r] = Arrays.copyOfRange(b.bytes, b.from[r], b.to[r]);
            }
            return out;
        }

        Block nextChunk(int max) throws IOException {
            int[] from = new int[max];
            int[] to = new int[max];
            int n = 0;
            int chunkStart = pos;
            int recStart = pos;
            int i = pos;
            boolean quoted = false;
            long linesSeen = 0;
            while (n < max) {
                if (i >= len) {
                    if (eof) {
                        break;
                    }
                    // keep [chunkStart, len), refill
                    int keep = len - chunkStart;
                    if (chunkStart > 0) {
                        System.arraycopy(buf, chunkStart, buf, 0, keep);
                    } else if (keep == buf.length) {
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                    int shift = chunkStart;
                    for (int r = 0; r < n; r++) {
                        from[r] -= shift;
                        to[r] -= shift;
                    }
                    recStart -= shift;
                    i -= shift;
                    chunkStart = 0;
                    len = keep;
                    int got = in.readNBytes(buf, len, buf.length - len);
                    if (got <= 0) {
                        eof = true;
                    }
                    len += Math.max(0, got);
                    continue;
                }
                byte c = buf[i];
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\n') {
                        linesSeen++;
                    }
                    if (!quoted) {
                        if (i > recStart) {
                            from[n] = recStart;
                            to[n] = i;
                            n++;
                        }
                        recStart = i + 1;
                    }
                }
                i++;
            }
            if (n < max && eof && recStart < len) {
                if (quoted) {
                    throw new InputException("line " + (line + linesSeen) + ": a quoted field is never closed");
                }
                from[n] = recStart;
                to[n] = len;
                n++;
                recStart = len;
                i = len;
            }
            pos = recStart;
            line += linesSeen;
            if (n == 0) {
                return null;
            }
            byte[] bytes = Arrays.copyOfRange(buf, chunkStart, to[n - 1]);
            for (int r = 0; r < n; r++) {
                from[r] -= chunkStart;
                to[r] -= chunkStart;
            }
            return new Block(bytes, from, to, n);
        }
    }

    /**
     * Fields of one record (Commons CSV DEFAULT semantics for well-formed input): a field starting with a
     * quote runs to the closing quote, {@code ""} inside it is one quote; elsewhere quotes are literal.
     */
    private static final class FieldCursor {
        private byte[] b;
        private int end;
        /** Start of the next field; -1 after the last one. */
        private int pos;
        private int from;
        private int to;
        private boolean escaped;
        private byte[] scratch = new byte[64];

        void reset(byte[] bytes, int start, int stop) {
            b = bytes;
            pos = start;
            end = stop;
        }

        boolean next() {
            if (pos < 0) {
                return false;
            }
            escaped = false;
            int k;
            if (pos < end && b[pos] == '"') {
                int i = pos + 1;
                from = i;
                while (i < end) {
                    if (b[i] == '"') {
                        if (i + 1 < end && b[i + 1] == '"') {
                            escaped = true;
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i++;
                }
                to = Math.min(i, end);
                // text between a closing quote and the delimiter is not written by the enricher: skip it
                k = Math.min(i + 1, end);
                while (k < end && b[k] != ',') {
                    k++;
                }
            } else {
                k = pos;
                while (k < end && b[k] != ',') {
                    k++;
                }
                from = pos;
                to = k;
            }
            pos = k < end ? k + 1 : -1;
            return true;
        }

        int length() {
            if (!escaped) {
                return to - from;
            }
            int n = 0;
            for (int i = from; i < to; i++, n++) {
                if (b[i] == '"') {
                    i++;
                }
            }
            return n;
        }

        void copyTo(byte[] dest, int at) {
            if (!escaped) {
                System.arraycopy(b, from, dest, at, to - from);
                return;
            }
            for (int i = from; i < to; i++) {
                dest[at++] = b[i];
                if (b[i] == '"') {
                    i++;
                }
            }
        }

        String string() {
            int n = length();
            if (scratch.length < n) {
                scratch = new byte[n * 2];
            }
            copyTo(scratch, 0);
            return new String(scratch, 0, n, StandardCharsets.UTF_8);
        }

        /** As {@link Table#parse(String)}: exact fast path for plain decimals, else the general parse. */
        double number() {
            if (!escaped) {
                double v = fastDecimal(b, from, to);
                if (!Double.isNaN(v)) {
                    return v;
                }
                if (isPlainNumber(b, from, to)) {
                    // FastDoubleParser (bundled with Jackson): correctly rounded, so equal to Double.parseDouble
                    return com.fasterxml.jackson.core.io.NumberInput.parseDouble(
                            new String(b, from, to - from, StandardCharsets.ISO_8859_1), true);
                }
            }
            return Table.parse(string());
        }

        /** The level index of the trimmed value, or -1. */
        int level(byte[][] levels, Map<String, Integer> index) {
            if (escaped || levels.length > 32) {
                Integer k = index.get(string().trim());
                return k == null ? -1 : k;
            }
            int s = from;
            int e = to;
            while (s < e && (b[s] & 0xff) <= 0x20) {
                s++;
            }
            while (e > s && (b[e - 1] & 0xff) <= 0x20) {
                e--;
            }
            int len = e - s;
            for (int l = 0; l < levels.length; l++) {
                byte[] lv = levels[l];
                if (lv.length == len && Arrays.equals(b, s, e, lv, 0, len)) {
                    return l;
                }
            }
            return -1;
        }
    }

    /** {@code [-]digits[.digits][(e|E)[+-]digits]}, nothing else (no spaces, no other syntax Double.parseDouble takes). */
    static boolean isPlainNumber(byte[] b, int from, int to) {
        int i = from;
        if (i < to && b[i] == '-') {
            i++;
        }
        int digits = 0;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
            digits++;
        }
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                i++;
            }
            int exp = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == to;
    }

    /**
     * {@code [-]digits[.digits]} with at most 15 significant digits in total: {@code m / 10^k} with both
     * exact, so the division is the correctly rounded value (Clinger 1990). NaN when the text is anything
     * else (the caller then uses the general parse).
     */
    static double fastDecimal(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && b[i] == '-') {
            negative = true;
            i++;
        }
        long m = 0;
        int digits = 0;
        int fraction = -1;
        int start = i;
        for (; i < to; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                if (m != 0 || c != '0') {
                    digits++;
                }
                m = m * 10 + (c - '0');
                if (fraction >= 0) {
                    fraction++;
                }
                if (digits > 15 || fraction > 22) {
                    return Double.NaN;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        int len = i - start;
        if (len == 0 || (fraction >= 0 && len == 1) || fraction == 0) {
            return Double.NaN; // "", "-", "." and "5." go the general way
        }
        double v = fraction > 0 ? m / POW10[fraction] : m;
        return negative ? -v : v;
    }
}
