package org.riskbench.core.table;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.riskbench.core.InputException;
import org.riskbench.core.InputFiles;
import org.riskbench.core.TextFiles;

/**
 * Reads a delimited text file into typed columns in one pass with {@link CsvParser} (the parser behind intake's
 * validation): numbers straight from the characters into blocks of doubles, text into dictionary codes. The same
 * rules for every engine's tables: the missing-value tokens of {@link MissingValues}, cells trimmed of surrounding
 * spaces, blank lines skipped, a UTF-8 byte order mark dropped, and every refusal one {@link InputException} naming
 * {@code file:line:column}.
 *
 * <p>Usage: {@code TableReader.of(file, name).delimiter('\t').read(header -> kinds)}; the plan sees the header
 * before any data row is read, so it may refuse it (a missing column) without reading the rest.
 */
public final class TableReader {
    /** Decides from the header how each column is kept; may throw {@link InputException} to refuse the header. */
    @FunctionalInterface
    public interface Plan {
        ColumnKind[] columns(String[] header);

        /** The same, told the physical line of the header (for a refusal that names it); calls the other by default. */
        default ColumnKind[] columns(String[] header, long line) {
            return columns(header);
        }
    }

    private final Path file;
    private final String where;
    private char delimiter = ',';
    private Charset charset = StandardCharsets.UTF_8;
    private int sampleRows;
    private boolean keepLines;
    private Function<String[], String> widthHint = header -> "";
    private InputFiles.Kind kind = InputFiles.Kind.CSV;
    private int threads = Math.min(4, Runtime.getRuntime().availableProcessors());

    /** Files smaller than this are read by one thread (starting threads would cost more than it saves). */
    static final long PARALLEL_FROM_BYTES = 8L << 20;
    private long parallelFromBytes = PARALLEL_FROM_BYTES;

    private TableReader(Path file, String where) {
        this.file = file;
        this.where = where;
    }

    /** A plan that keeps every column as written ({@link ColumnKind#CELLS}): for tables kept as text. */
    public static ColumnKind[] allCells(String[] header) {
        ColumnKind[] kinds = new ColumnKind[header.length];
        Arrays.fill(kinds, ColumnKind.CELLS);
        return kinds;
    }

    /** A reader of {@code file}, named {@code where} in messages; comma-separated UTF-8 unless told otherwise. */
    public static TableReader of(Path file, String where) {
        return new TableReader(file, where);
    }

    public TableReader delimiter(char delimiter) {
        this.delimiter = delimiter;
        return this;
    }

    /** What the file is, for its size limit and messages ({@link InputFiles}); a CSV file unless told otherwise. */
    public TableReader kind(InputFiles.Kind kind) {
        this.kind = kind;
        return this;
    }

    public TableReader charset(Charset charset) {
        this.charset = charset;
        return this;
    }

    /** Keeps the first {@code rows} data rows as strings ({@link ColumnTable#sample()}). */
    public TableReader sampleRows(int rows) {
        this.sampleRows = rows;
        return this;
    }

    /** Keeps the physical line of every row ({@link ColumnTable#line(int)}), for refusals a caller makes later. */
    public TableReader keepLines() {
        this.keepLines = true;
        return this;
    }

    /**
     * Threads that parse parts of a large file side by side (default: the cores, at most 4); the table is the same
     * whatever the count, messages too (the first refusal in file order wins).
     */
    public TableReader threads(int threads) {
        this.threads = Math.max(1, threads);
        return this;
    }

    /** For tests: read in parts from this size on. */
    TableReader parallelFromBytes(long bytes) {
        this.parallelFromBytes = bytes;
        return this;
    }

    /** What to add to the message of a row whose width differs from the header's (e.g. a delimiter hint). */
    public TableReader widthHint(Function<String[], String> hint) {
        this.widthHint = hint;
        return this;
    }

    /**
     * Reads the file. The header is the first non-blank record.
     *
     * @throws InputException when the file is missing, unreadable, not in the charset, empty, or has a row whose width
     *                        differs from the header's, a quote left open or text after a closing quote
     */
    public ColumnTable read(Plan plan) {
        InputFiles.check(file, where, kind);
        long skip = charset.equals(StandardCharsets.UTF_8) ? bomLength() : 0;
        long size = size();
        if (threads > 1 && size - skip >= parallelFromBytes && asciiCompatible()) {
            return readInParts(plan, skip);
        }
        Reading reading = new Reading(plan);
        reading.bytes = size - skip;
        parse(reading, skip, kind.limitBytes() + 1);
        if (reading.header == null) {
            throw empty();
        }
        return reading.table();
    }

    /**
     * The header first, then the rest cut into parts parsed side by side, each into its own columns, joined in order.
     * The cuts are first guessed at the line break after each even share of the bytes, and each part counts its lines;
     * a guess holds when no part before the last cut holds a quote (then every line break ends a record), and the
     * parts' lines are then shifted by the lines before them. When a part before the last cut meets a quote, or any
     * part refuses something (its line would not be known), the file is read again cut where {@link RecordCuts} finds
     * record boundaries by running the parser's states from the start, so messages are the same as from one thread.
     */
    private ColumnTable readInParts(Plan plan, long skip) {
        Reading head = new Reading(plan);
        head.headerOnly = true;
        parse(head, skip, Long.MAX_VALUE);
        if (head.header == null) {
            throw empty();
        }
        try {
            long[] guessed = lineCuts(skip, threads);
            if (guessed != null) {
                ColumnTable table = readParts(head, guessed, null);
                if (table != null) {
                    return table;
                }
            }
            RecordCuts cuts = RecordCuts.of(file, skip, delimiter, threads);
            long[] offsets = new long[cuts.parts() + 1];
            long[] lines = new long[cuts.parts()];
            for (int k = 0; k <= cuts.parts(); k++) {
                offsets[k] = cuts.offset(k);
                if (k < cuts.parts()) {
                    lines[k] = cuts.line(k);
                }
            }
            return readParts(head, offsets, lines);
        } catch (IOException e) {
            throw TextFiles.readFailure(file, where, "CSV file", e);
        }
    }

    /**
     * Offsets just after the first LF at or past each even share of bytes {@code [from, size)}, and the size; null
     * when a share holds no LF within a few megabytes (then {@link RecordCuts} decides) or there is one part only.
     */
    private long[] lineCuts(long from, int parts) throws IOException {
        long size = size();
        long[] offsets = new long[parts + 1];
        offsets[0] = from;
        int found = 1;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            for (int k = 1; k < parts; k++) {
                long at = Math.max(offsets[found - 1], from + (size - from) * k / parts);
                long cut = -1;
                for (long scanned = 0; cut < 0 && scanned < (4L << 20) && at < size; ) {
                    buf.clear();
                    int n = ch.read(buf, at);
                    if (n <= 0) {
                        break;
                    }
                    byte[] b = buf.array();
                    for (int i = 0; i < n; i++) {
                        if (b[i] == '\n') {
                            cut = at + i + 1;
                            break;
                        }
                    }
                    at += n;
                    scanned += n;
                }
                if (cut < 0) {
                    return null;
                }
                if (cut < size && cut > offsets[found - 1]) {
                    offsets[found++] = cut;
                }
            }
        }
        if (found < 2) {
            return null;
        }
        offsets[found] = size;
        return Arrays.copyOf(offsets, found + 1);
    }

    /**
     * Parses parts {@code [offsets[k], offsets[k + 1])} side by side and joins them. {@code lines[k]}: the physical
     * line where part k starts, or null for guessed cuts: then returns null when the guess did not hold or a part
     * refused something (the caller reads again with proven cuts).
     */
    private ColumnTable readParts(Reading head, long[] offsets, long[] lines) {
        boolean guessed = lines == null;
        int parts = offsets.length - 1;
        Reading[] readings = new Reading[parts];
        RuntimeException[] failures = new RuntimeException[parts];
        Thread[] workers = new Thread[parts];
        for (int k = 0; k < parts; k++) {
            Reading r = new Reading(head, guessed ? 0 : lines[k] - 1, k == 0);
            r.stopAtQuote = guessed && k < parts - 1;
            readings[k] = r;
            long from = offsets[k];
            long to = offsets[k + 1];
            r.bytes = to - from;
            int part = k;
            workers[k] = new Thread(() -> {
                try {
                    readPart(r, from, to);
                } catch (RuntimeException e) {
                    failures[part] = e;
                }
            }, "riskbench-table-reader-" + k);
            workers[k].start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading " + where, e);
            }
        }
        for (int k = 0; k < parts; k++) {
            if (failures[k] != null) {
                if (guessed) {
                    return null;
                }
                throw failures[k]; // the first in file order: each part stops at its first
            }
            if (readings[k].sawQuote) {
                return null;
            }
        }
        if (guessed) {
            long before = 0;
            for (Reading r : readings) {
                r.shiftLines(before);
                before += r.lineBreaks;
            }
        }
        return Reading.join(readings);
    }

    /**
     * Parses one part: plain ASCII records straight from the bytes ({@link Reading#readAscii}) while they come, the
     * rest of the part through the decoder and {@link CsvParser} from the first record that is not plain.
     */
    private void readPart(Reading reading, long from, long to) {
        long at = from;
        if (reading.plainBytes()) {
            try {
                at = reading.readAscii(from, to);
            } catch (IOException e) {
                throw TextFiles.readFailure(file, where, "CSV file", e);
            }
        }
        if (at < to) {
            parse(reading, at, to);
        }
    }

    private void parse(Reading reading, long from, long to) {
        try (DecodingReader in = new DecodingReader(file, charset, from, to, 1 << 20)) {
            reading.in = in;
            CsvParser parser = new CsvParser(delimiter);
            parser.parse(in, reading);
            reading.lineBreaks += parser.lines();
            if (reading.headerOnly) {
                reading.headerEndLine = parser.lines();
            }
            reading.checkEncoding();
            if (in.bytesRead() > kind.limitBytes()) {
                InputFiles.check(file, where, kind); // it grew past the limit while it was read: says so
                throw new InputException(where + ": larger than the " + kind.limit() + " limit for a " + kind.what()
                        + "; give a smaller file.");
            }
        } catch (IOException e) {
            throw TextFiles.readFailure(file, where, "CSV file", e);
        } catch (CsvParser.RecordTooLongException e) {
            throw InputException.at(where, e.line() + reading.lineBase, 0, e.shifted(reading.lineBase).getMessage());
        }
    }

    private InputException empty() {
        return InputException.at(where, 1, 0, "the file is empty; expected a header row and data rows");
    }

    private long size() {
        try {
            return java.nio.file.Files.size(file);
        } catch (IOException e) {
            throw TextFiles.readFailure(file, where, "CSV file", e);
        }
    }

    /** Encodings whose multi-byte characters never hold a quote, delimiter or line break byte (RecordCuts cuts bytes). */
    private boolean asciiCompatible() {
        return delimiter < 128 && (charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.ISO_8859_1)
                || charset.equals(StandardCharsets.US_ASCII) || charset.name().equalsIgnoreCase("windows-1252"));
    }

    private long bomLength() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(3);
            while (head.hasRemaining() && ch.read(head) > 0) {
                // read up to three bytes
            }
            return head.position() == 3 && head.get(0) == (byte) 0xEF && head.get(1) == (byte) 0xBB
                    && head.get(2) == (byte) 0xBF ? 3 : 0;
        } catch (IOException e) {
            throw TextFiles.readFailure(file, where, "CSV file", e);
        }
    }

    /** Rows read before the columns are told how many rows to expect. */
    static final int ESTIMATE_AFTER = 4096;

    /** One read: the columns as they fill. */
    private final class Reading implements CsvParser.RowHandler {
        private final Plan plan;
        DecodingReader in;
        /**
         * Lines before the next record this reading parses: 0 for a whole file, the lines before its part for a part
         * (or 0 when the part's place is not known yet, {@link #shiftLines}); grows as {@link #readAscii} reads lines.
         */
        long lineBase;
        /** Line breaks in the bytes parsed so far (a part ends just after one, so this is its count of lines). */
        long lineBreaks;
        /** The physical line where the header record ends (the first pass of a read in parts). */
        long headerEndLine;
        /** Stop at the first record that holds a quote, and say so: a part whose cut was not proven to be between records. */
        boolean stopAtQuote;
        boolean sawQuote;
        /** Stop after the header (the first pass of a read in parts). */
        boolean headerOnly;
        /** The first record is the header, already known (part 0 of a read in parts). */
        private boolean skipHeader;
        String[] header;
        private ColumnKind[] kinds;
        private NumberColumn[] numbers;
        private TextColumn[] texts;
        private long[] numberCells;
        private long[] missingCells;
        private long[] otherCells;
        private long[] firstOtherLine;
        private String[] firstOther;
        private int rows;
        /** The physical line of each row, when kept. */
        private long[] lines;
        private long headerLine;
        private final List<String[]> sample = new ArrayList<>();
        /** The bytes this reading parses, and the characters of its first {@value #ESTIMATE_AFTER} rows. */
        long bytes;
        private long rowChars;

        Reading(Plan plan) {
            this.plan = plan;
            this.lineBase = 0;
        }

        /** A reading of one part, with the header and plan {@code head} found. */
        Reading(Reading head, long lineBase, boolean skipHeader) {
            this.plan = null;
            this.lineBase = lineBase;
            this.skipHeader = skipHeader;
            this.header = head.header;
            this.kinds = head.kinds;
            this.headerLine = head.headerLine;
            this.headerEndLine = head.headerEndLine;
            allocate();
        }

        private long line(CsvParser.Row row) {
            return row.line() + lineBase;
        }

        @Override
        public boolean row(CsvParser.Row row) {
            checkEncoding();
            checkQuotes(row);
            if (header == null) {
                start(row);
                return !headerOnly;
            }
            if (skipHeader) {
                skipHeader = false;
                return true;
            }
            if (stopAtQuote && quoted(row)) {
                sawQuote = true;
                return false;
            }
            int width = row.size();
            char[] a = row.buffer();
            if (width == 1 && blank(a, row.start(0), row.end(0))) {
                return true; // a line of spaces
            }
            if (width != header.length) {
                // the column of the first missing field, or of the first extra one
                int column = Math.min(width, header.length) + 1;
                throw InputException.at(where, line(row), column, "expected " + header.length
                        + " fields as in the header, found " + width + widthHint.apply(header.clone()));
            }
            if (rows == Integer.MAX_VALUE - 8) {
                throw InputException.at(where, line(row), 0, "too many rows: at most " + rows + " can be read");
            }
            if (sample.size() < sampleRows) {
                sample.add(row.toArray());
            }
            add(a, row.starts, row.ends, line(row));
            return true;
        }

        /**
         * Adds the record whose {@code header.length} fields are {@code a[starts[c]..ends[c])} (as written, untrimmed),
         * at physical line {@code line}: the one way a record becomes a row, whether the characters came through the
         * decoder and {@link CsvParser} or straight from plain ASCII bytes ({@link #readAscii}).
         */
        private void add(char[] a, int[] starts, int[] ends, long line) {
            int width = header.length;
            double value;
            for (int c = 0; c < width; c++) {
                ColumnKind kind = kinds[c];
                if (kind == ColumnKind.SKIP) {
                    continue;
                }
                int s = starts[c];
                int e = ends[c];
                while (s < e && a[s] <= ' ') {
                    s++;
                }
                while (e > s && a[e - 1] <= ' ') {
                    e--;
                }
                boolean missing = MissingValues.isMissing(a, s, e);
                if (kind == ColumnKind.TEXT) {
                    texts[c].add(a, s, e, missing);
                } else if (kind == ColumnKind.CELLS) {
                    texts[c].add(a, s, e, false);
                } else if (missing) {
                    missingCells[c]++;
                    numbers[c].add(Double.NaN);
                } else if ((value = Numbers.parseDecimal(a, s, e)) == value) { // NaN: not a decimal number
                    numberCells[c]++;
                    numbers[c].add(value);
                } else {
                    int inf = Numbers.infinity(a, s, e);
                    if (inf != 0) {
                        numberCells[c]++;
                        numbers[c].add(inf > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
                    } else {
                        if (otherCells[c]++ == 0) {
                            firstOtherLine[c] = line;
                            firstOther[c] = new String(a, s, e - s);
                        }
                        numbers[c].add(Double.NaN);
                    }
                }
            }
            if (lines != null) {
                if (rows == lines.length) {
                    lines = Arrays.copyOf(lines, Math.max(1024, rows * 2));
                }
                lines[rows] = line;
            }
            rows++;
            if (rows <= ESTIMATE_AFTER) {
                rowChars += width; // the delimiters and the line break
                for (int c = 0; c < width; c++) {
                    rowChars += ends[c] - starts[c];
                }
                if (rows == ESTIMATE_AFTER) {
                    expectRows();
                }
            }
        }

        /** Whether any field of the record was quoted or held a quote. */
        private boolean quoted(CsvParser.Row row) {
            if (row.strayQuote() || row.textAfterQuote() || row.unterminated()) {
                return true;
            }
            for (int c = 0; c < row.size(); c++) {
                if (row.isQuoted(c)) {
                    return true;
                }
            }
            return false;
        }

        /** Moves the lines this part recorded by {@code before}, the lines of the parts before it. */
        void shiftLines(long before) {
            if (before == 0) {
                return;
            }
            for (int c = 0; c < header.length; c++) {
                if (otherCells[c] > 0) {
                    firstOtherLine[c] += before;
                }
            }
            if (lines != null) {
                for (int r = 0; r < rows; r++) {
                    lines[r] += before;
                }
            }
        }

        /** Records of plain ASCII can be taken from the bytes as they are: numbers and skipped columns only. */
        boolean plainBytes() {
            for (ColumnKind kind : kinds) {
                if (kind != ColumnKind.NUMBER && kind != ColumnKind.SKIP) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Reads the records of bytes {@code [from, to)} that are plain (ASCII, no quote, lines ended by LF or CRLF, as
         * wide as the header) straight from the bytes, each byte widened to the char it decodes to in every charset the
         * parts are read in, and added as {@link #row} adds them; returns the offset of the first record that is not
         * plain (or {@code to}), from which the decoder and {@link CsvParser} go on. Blank lines are skipped as they
         * skip them; part 0's header record, already read, is passed over by its lines.
         */
        long readAscii(long from, long to) throws IOException {
            final byte delim = (byte) delimiter;
            final int width = header.length;
            final int[] starts = new int[width];
            final int[] ends = new int[width];
            if (to <= from) {
                return to;
            }
            byte[] b = new byte[(int) Math.min(1 << 18, to - from)];
            char[] a = new char[b.length];
            long bufferStart = from; // the file offset of b[0]
            int length = 0;
            int p = 0; // the start of the next record in b
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                while (true) {
                    long unread = to - (bufferStart + length);
                    if (unread > 0) {
                        if (p > 0) {
                            System.arraycopy(b, p, b, 0, length - p);
                            bufferStart += p;
                            length -= p;
                            p = 0;
                        }
                        ByteBuffer into = ByteBuffer.wrap(b, length, (int) Math.min(b.length - length, unread));
                        while (into.hasRemaining()) {
                            if (ch.read(into, bufferStart + into.position()) < 0) {
                                throw new java.io.EOFException(file + " ended while it was read");
                            }
                        }
                        length = into.position();
                    }
                    if (skipHeader) {
                        // the header ends on line headerEndLine: pass over that many LFs, unless a CR counts lines too
                        int i = p;
                        long breaks = lineBreaks;
                        while (breaks < headerEndLine) {
                            while (i < length && b[i] != '\n' && b[i] != '\r') {
                                i++;
                            }
                            if (i == length || b[i] == '\r') {
                                return from; // the decoder and the parser read the whole part
                            }
                            i++;
                            breaks++;
                        }
                        lineBase += breaks - lineBreaks;
                        lineBreaks = breaks;
                        p = i;
                        skipHeader = false;
                    }
                    int next;
                    while ((next = plainRecord(b, a, p, length, delim, starts, ends)) > 0) {
                        int fields = plainFields;
                        if (fields == 0 || (fields == 1 && blank(a, starts[0], ends[0]))) {
                            // a blank line, or a line of spaces
                        } else if (fields != width || rows == Integer.MAX_VALUE - 8) {
                            return bufferStart + p; // refused as the parser's records are
                        } else {
                            if (sample.size() < sampleRows) {
                                String[] cells = new String[width];
                                for (int c = 0; c < width; c++) {
                                    cells[c] = new String(a, starts[c], ends[c] - starts[c]);
                                }
                                sample.add(cells);
                            }
                            add(a, starts, ends, lineBase + 1);
                        }
                        lineBreaks++;
                        lineBase++;
                        p = next;
                    }
                    boolean allRead = to - (bufferStart + length) == 0;
                    if (next < 0 || allRead || (p == 0 && length == b.length)) {
                        // not plain, the part's last line without a line break, or a line longer than the buffer
                        return p == length && allRead ? to : bufferStart + p;
                    }
                }
            }
        }

        /** Fields of the last {@link #plainRecord}. */
        private int plainFields;

        /**
         * The plain record at {@code b[p..]}: its bytes widened into {@code a}, its fields' ranges into {@code starts}
         * and {@code ends} (their count in {@link #plainFields}, 0 for an empty line), and the index after its LF;
         * 0 when its line does not end before {@code length}; -1 when it is not plain (a byte that is not ASCII, a quote,
         * a CR not followed by LF, more fields than the header).
         */
        private int plainRecord(byte[] b, char[] a, int p, int length, byte delim, int[] starts, int[] ends) {
            int fields = 0;
            int fieldStart = p;
            int max = starts.length;
            for (int i = p; i < length; i++) {
                byte x = b[i];
                if (x > '"' && x != delim) {
                    a[i] = (char) x;
                    continue;
                }
                if (x == delim || x == '\n' || x == '\r') {
                    int end = i;
                    int next = i + 1;
                    if (x == '\r') {
                        if (i + 1 == length) {
                            return 0;
                        }
                        if (b[i + 1] != '\n') {
                            return -1;
                        }
                        next = i + 2;
                    }
                    if (x != delim && i == p) {
                        plainFields = 0;
                        return next;
                    }
                    if (fields == max) {
                        return -1;
                    }
                    starts[fields] = fieldStart;
                    ends[fields] = end;
                    fields++;
                    fieldStart = i + 1;
                    a[i] = (char) x;
                    if (x != delim) {
                        plainFields = fields;
                        return next;
                    }
                    continue;
                }
                if (x < 0 || x == '"') {
                    return -1;
                }
                a[i] = (char) x; // a control character, a space, '!' or the other delimiter characters
            }
            return 0;
        }

        /** Sizes the number columns' next blocks to the rows the bytes left should hold, at the rows' length so far. */
        private void expectRows() {
            double perRow = Math.max(1.0, (double) rowChars / rows);
            int expected = (int) Math.min(Integer.MAX_VALUE - 8, bytes / perRow * 1.02 + 64);
            for (NumberColumn column : numbers) {
                if (column != null) {
                    column.expect(expected);
                }
            }
        }

        private void start(CsvParser.Row row) {
            String[] names = row.toArray();
            if (names.length > 0 && names[0].startsWith("\uFEFF")) {
                names[0] = names[0].substring(1); // a byte order mark the charset kept
            }
            headerLine = line(row);
            ColumnKind[] planned = plan.columns(names.clone(), headerLine);
            if (planned.length != names.length) {
                throw new IllegalArgumentException("the plan has " + planned.length + " kinds for " + names.length + " columns");
            }
            header = names;
            kinds = planned;
            allocate();
        }

        private void allocate() {
            int n = header.length;
            numbers = new NumberColumn[n];
            texts = new TextColumn[n];
            numberCells = new long[n];
            missingCells = new long[n];
            otherCells = new long[n];
            firstOtherLine = new long[n];
            firstOther = new String[n];
            for (int c = 0; c < n; c++) {
                if (kinds[c] == ColumnKind.NUMBER) {
                    numbers[c] = new NumberColumn();
                } else if (kinds[c] == ColumnKind.TEXT || kinds[c] == ColumnKind.CELLS) {
                    texts[c] = new TextColumn();
                }
            }
            lines = keepLines ? new long[1024] : null;
        }

        private void checkQuotes(CsvParser.Row row) {
            CsvRecords.checkQuotes(where, line(row), row);
        }

        void checkEncoding() {
            if (in.malformedCount() > 0) {
                if (charset.equals(StandardCharsets.UTF_8)) {
                    // TextFiles reads the file again to say where the first bad byte is
                    throw TextFiles.readFailure(file, where, "CSV file", new CharacterCodingException());
                }
                throw new InputException(where + ": byte at offset " + in.firstMalformedOffset() + " is not valid "
                        + charset.name() + " text; save the file as " + charset.name() + " (or UTF-8)");
            }
        }

        /** The parts' readings as one table, in order. */
        static ColumnTable join(Reading[] parts) {
            Reading first = parts[0];
            int n = first.header.length;
            NumberColumn[] numbers = new NumberColumn[n];
            TextColumn[] texts = new TextColumn[n];
            CellCounts[] counts = new CellCounts[n];
            for (int c = 0; c < n; c++) {
                if (first.kinds[c] == ColumnKind.NUMBER) {
                    NumberColumn[] columns = new NumberColumn[parts.length];
                    long numbersSeen = 0;
                    long missing = 0;
                    long others = 0;
                    long firstLine = 0;
                    String firstValue = null;
                    for (int k = 0; k < parts.length; k++) {
                        columns[k] = parts[k].numbers[c];
                        numbersSeen += parts[k].numberCells[c];
                        missing += parts[k].missingCells[c];
                        if (parts[k].otherCells[c] > 0 && others == 0) {
                            firstLine = parts[k].firstOtherLine[c];
                            firstValue = parts[k].firstOther[c];
                        }
                        others += parts[k].otherCells[c];
                    }
                    numbers[c] = NumberColumn.concat(columns);
                    counts[c] = new CellCounts(numbersSeen, missing, others, firstLine, firstValue);
                } else if (first.kinds[c] == ColumnKind.TEXT || first.kinds[c] == ColumnKind.CELLS) {
                    TextColumn[] columns = new TextColumn[parts.length];
                    for (int k = 0; k < parts.length; k++) {
                        columns[k] = parts[k].texts[c];
                    }
                    texts[c] = TextColumn.concat(columns);
                }
            }
            long rows = 0;
            List<String[]> sample = new ArrayList<>();
            for (Reading part : parts) {
                rows += part.rows;
            }
            long[] lines = null;
            if (first.lines != null && rows <= Integer.MAX_VALUE - 8) {
                lines = new long[(int) rows];
                int at = 0;
                for (Reading part : parts) {
                    System.arraycopy(part.lines, 0, lines, at, part.rows);
                    at += part.rows;
                }
            }
            for (Reading part : parts) {
                for (String[] r : part.sample) {
                    if (sample.size() < first.sampleLimit()) {
                        sample.add(r);
                    }
                }
            }
            if (rows > Integer.MAX_VALUE - 8) {
                throw new InputException(first.where() + ": too many rows: " + rows + "; at most " + (Integer.MAX_VALUE - 8)
                        + " can be read");
            }
            return new ColumnTable(first.header, Arrays.copyOf(first.kinds, n), numbers, texts, counts, (int) rows, sample,
                    first.headerLine, lines);
        }

        private int sampleLimit() {
            return sampleRows;
        }

        private String where() {
            return where;
        }

        ColumnTable table() {
            CellCounts[] counts = new CellCounts[header.length];
            for (int c = 0; c < header.length; c++) {
                if (kinds[c] == ColumnKind.NUMBER) {
                    counts[c] = new CellCounts(numberCells[c], missingCells[c], otherCells[c], firstOtherLine[c],
                            firstOther[c]);
                }
            }
            return new ColumnTable(header, Arrays.copyOf(kinds, kinds.length), numbers, texts, counts, rows, sample,
                    headerLine, lines == null ? null : Arrays.copyOf(lines, rows));
        }
    }

    private static boolean blank(char[] a, int s, int e) {
        for (int i = s; i < e; i++) {
            if (a[i] > ' ') {
                return false;
            }
        }
        return true;
    }
}
