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
    }

    private final Path file;
    private final String where;
    private char delimiter = ',';
    private Charset charset = StandardCharsets.UTF_8;
    private int sampleRows;
    private Function<String[], String> widthHint = header -> "";
    private InputFiles.Kind kind = InputFiles.Kind.CSV;

    private TableReader(Path file, String where) {
        this.file = file;
        this.where = where;
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
        Reading reading = new Reading(plan);
        try (DecodingReader in = new DecodingReader(file, charset, skip, kind.limitBytes() + 1, 1 << 20)) {
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
            throw InputException.at(where, e.line(), 0, e.getMessage());
        }
        if (reading.header == null) {
            throw InputException.at(where, 1, 0, "the file is empty; expected a header row and data rows");
        }
        return reading.table();
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

    /** One read: the columns as they fill. */
    private final class Reading implements CsvParser.RowHandler {
        private final Plan plan;
        DecodingReader in;
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
        private final List<String[]> sample = new ArrayList<>();

        Reading(Plan plan) {
            this.plan = plan;
        }

        @Override
        public boolean row(CsvParser.Row row) {
            checkEncoding();
            checkQuotes(row);
            if (header == null) {
                start(row);
                return true;
            }
            int width = row.size();
            char[] a = row.buffer();
            if (width == 1 && blank(a, row.start(0), row.end(0))) {
                return true; // a line of spaces
            }
            if (width != header.length) {
                throw InputException.at(where, row.line(), 0, "expected " + header.length
                        + " fields as in the header, found " + width + widthHint.apply(header.clone()));
            }
            if (rows == Integer.MAX_VALUE - 8) {
                throw InputException.at(where, row.line(), 0, "too many rows: at most " + rows + " can be read");
            }
            if (sample.size() < sampleRows) {
                sample.add(row.toArray());
            }
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
                } else if (missing) {
                    missingCells[c]++;
                    numbers[c].add(Double.NaN);
                } else if (Numbers.isDecimal(a, s, e)) {
                    numberCells[c]++;
                    numbers[c].add(Numbers.parse(a, s, e));
                } else {
                    int inf = Numbers.infinity(a, s, e);
                    if (inf != 0) {
                        numberCells[c]++;
                        numbers[c].add(inf > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
                    } else {
                        if (otherCells[c]++ == 0) {
                            firstOtherLine[c] = row.line();
                            firstOther[c] = new String(a, s, e - s);
                        }
                        numbers[c].add(Double.NaN);
                    }
                }
            }
            rows++;
            return true;
        }

        private void start(CsvParser.Row row) {
            String[] names = row.toArray();
            if (names.length > 0 && names[0].startsWith("\uFEFF")) {
                names[0] = names[0].substring(1); // a byte order mark the charset kept
            }
            ColumnKind[] planned = plan.columns(names.clone());
            if (planned.length != names.length) {
                throw new IllegalArgumentException("the plan has " + planned.length + " kinds for " + names.length + " columns");
            }
            header = names;
            kinds = planned;
            int n = names.length;
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
                } else if (kinds[c] == ColumnKind.TEXT) {
                    texts[c] = new TextColumn();
                }
            }
        }

        private void checkQuotes(CsvParser.Row row) {
            if (row.unterminated()) {
                throw InputException.at(where, row.line(), row.size(), "a quoted field is never closed (the quote opened"
                        + " here runs to the end of the file); close it, or write a quote inside a field as \"\"");
            }
            if (row.textAfterQuote()) {
                throw InputException.at(where, row.line(), 0, "text after the closing quote of a quoted field;"
                        + " write a quote inside a field as \"\"");
            }
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

        ColumnTable table() {
            CellCounts[] counts = new CellCounts[header.length];
            for (int c = 0; c < header.length; c++) {
                if (kinds[c] == ColumnKind.NUMBER) {
                    counts[c] = new CellCounts(numberCells[c], missingCells[c], otherCells[c], firstOtherLine[c],
                            firstOther[c]);
                }
            }
            return new ColumnTable(header, Arrays.copyOf(kinds, kinds.length), numbers, texts, counts, rows, sample);
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
