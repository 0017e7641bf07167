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
     * The header first, then the rest cut at record boundaries ({@link RecordCuts}) and parsed side by side, each
     * part into its own columns, joined in order.
     */
    private ColumnTable readInParts(Plan plan, long skip) {
        Reading head = new Reading(plan);
        head.headerOnly = true;
        parse(head, skip, Long.MAX_VALUE);
        if (head.header == null) {
            throw empty();
        }
        RecordCuts cuts;
        try {
            cuts = RecordCuts.of(file, skip, delimiter, threads);
        } catch (IOException e) {
            throw TextFiles.readFailure(file, where, "CSV file", e);
        }
        int parts = cuts.parts();
        Reading[] readings = new Reading[parts];
        RuntimeException[] failures = new RuntimeException[parts];
        Thread[] workers = new Thread[parts];
        for (int k = 0; k < parts; k++) {
            Reading r = new Reading(head, cuts.line(k) - 1, k == 0);
            readings[k] = r;
            long from = cuts.offset(k);
            long to = cuts.offset(k + 1);
            r.bytes = to - from;
            int part = k;
            workers[k] = new Thread(() -> {
                try {
                    parse(r, from, to);
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
        for (RuntimeException failure : failures) {
            if (failure != null) {
                throw failure; // the first in file order: each part stops at its first
            }
        }
        return Reading.join(readings);
    }

    private void parse(Reading reading, long from, long to) {
        try (DecodingReader in = new DecodingReader(file, charset, from, to, 1 << 20)) {
            reading.in = in;
            new CsvParser(delimiter).parse(in, reading);
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
        /** Lines before the part this reading parses (0 for a whole file). */
        final long lineBase;
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
            double value;
            for (int c = 0; c < width; c++) {
                ColumnKind kind = kinds[c];
                if (kind == ColumnKind.SKIP) {
                    continue;
                }
                int s = row.start(c);
                int e = row.end(c);
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
                            firstOtherLine[c] = line(row);
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
                lines[rows] = line(row);
            }
            rows++;
            if (rows <= ESTIMATE_AFTER) {
                rowChars += width; // the delimiters and the line break
                for (int c = 0; c < width; c++) {
                    rowChars += row.end(c) - row.start(c);
                }
                if (rows == ESTIMATE_AFTER) {
                    expectRows();
                }
            }
            return true;
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
