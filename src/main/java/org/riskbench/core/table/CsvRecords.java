package org.riskbench.core.table;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.riskbench.core.InputException;

/**
 * Small CSV texts read as records of strings through {@link CsvParser}, the fields as written and each record with its
 * physical line: the app's own artifacts read back (a preview, a trace's last step) and small files a user gives
 * (feedback). Blank lines are not records; a quote left open or text after a closing quote is refused naming the file
 * and line, as {@link TableReader} does. Large tables go through {@link TableReader}.
 */
public final class CsvRecords {
    /** One record: its fields as written (untrimmed) and the physical line (from 1) where it starts. */
    public record Record(String[] fields, long line) {
        public int size() {
            return fields.length;
        }

        public String get(int field) {
            return fields[field];
        }

        /** A line of nothing but spaces (one blank field): not data. */
        public boolean blank() {
            return fields.length == 1 && fields[0].isBlank();
        }
    }

    private CsvRecords() {
    }

    /** The first {@code limit} records of {@code file} (UTF-8, comma-separated), named {@code where} in refusals. */
    public static List<Record> read(Path file, String where, int limit) {
        return read(file, where, limit, ',', StandardCharsets.UTF_8);
    }

    /** The first {@code limit} records of {@code file} in its delimiter and charset (as intake found them). */
    public static List<Record> read(Path file, String where, int limit, char delimiter, java.nio.charset.Charset charset) {
        try (Reader in = Files.newBufferedReader(file, charset)) {
            return read(in, where, limit, delimiter);
        } catch (NoSuchFileException e) {
            throw new InputException(where + ": file not found.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Every record of {@code file} in turn (UTF-8), for a file too large to hold as records; a missing file is refused. */
    public static void forEach(Path file, String where, java.util.function.Consumer<Record> action) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            new CsvParser(',').parse(in, row -> {
                checkQuotes(where, row.line(), row);
                action.accept(new Record(row.toArray(), row.line()));
                return true;
            });
        } catch (NoSuchFileException e) {
            throw new InputException(where + ": file not found.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Every record of {@code text}. */
    public static List<Record> read(String text, String where) {
        return read(text, where, ',');
    }

    /** Every record of {@code text}, fields split at {@code delimiter}. */
    public static List<Record> read(String text, String where, char delimiter) {
        try {
            return read(new StringReader(text), where, Integer.MAX_VALUE, delimiter);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
    }

    private static List<Record> read(Reader in, String where, int limit, char delimiter) throws IOException {
        List<Record> records = new ArrayList<>();
        if (limit <= 0) {
            return records;
        }
        new CsvParser(delimiter).parse(in, row -> {
            checkQuotes(where, row.line(), row);
            records.add(new Record(row.toArray(), row.line()));
            return records.size() < limit;
        });
        return records;
    }

    /** Refuses a record whose quotes are not closed as RFC 4180 has them; {@code line} is its line in the file. */
    static void checkQuotes(String where, long line, CsvParser.Row row) {
        if (row.unterminated()) {
            throw InputException.at(where, line, row.size(), "a quoted field is never closed (the quote opened"
                    + " here runs to the end of the file); close it, or write a quote inside a field as \"\"");
        }
        if (row.textAfterQuote()) {
            throw InputException.at(where, line, 0, "text after the closing quote of a quoted field;"
                    + " write a quote inside a field as \"\"");
        }
    }
}
