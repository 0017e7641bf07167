package org.riskbench.engine.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.riskbench.core.Progress;
import org.riskbench.core.table.CsvParser;
import org.riskbench.core.table.DecodingReader;
import org.riskbench.engine.intake.Problem.Severity;

/**
 * Validates and profiles a CSV file made by another system, in one streaming pass: memory is bounded by
 * the columns (per-column counters, at most {@value #DISTINCT_CAP} distinct values each) and the longest
 * record, never by the rows. See docs/intake-notes.md for every rule and threshold.
 *
 * <p>Order of work: size and empty checks; the first 64 KB decide binary content, encoding and delimiter;
 * then every record is parsed ({@link CsvParser}), its field count checked against the header and each
 * value classified ({@link Cells}) into per-column counters; at the end the counters give each column's
 * type, and the problems give the verdict (accepted, or refused with one reason).
 */
public final class CsvInspector {
    /** Distinct values tracked per column; more makes a column text rather than category. */
    public static final int DISTINCT_CAP = 50;
    static final int SAMPLE_BYTES = 64 * 1024;
    static final int SNIFF_RECORDS = 200;
    static final char[] DELIMITERS = {',', ';', '\t', '|'};
    /** A file whose first 64 KB hold more than this share of control characters is taken for binary. */
    static final double CONTROL_RATIO = 0.01;

    private CsvInspector() {
    }

    public static InspectionReport inspect(Path file, IntakeOptions options) {
        return inspect(file, options, Progress.NONE);
    }

    /** Validates {@code file}; never throws for bad content (that is in the report), only for an unreadable file. */
    public static InspectionReport inspect(Path file, IntakeOptions options, Progress progress) {
        // a FIFO or a device is refused before it is opened; the size is the options' to judge (a refusal in the report)
        org.riskbench.core.InputFiles.check(file, file.toString(), org.riskbench.core.InputFiles.Kind.CSV, Long.MAX_VALUE);
        try {
            return new Run(file, options, progress).run();
        } catch (NoSuchFileException e) {
            throw new org.riskbench.core.InputException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** One inspection's state. */
    private static final class Run implements ColumnStats.CsvInspectorAccess {
        final Path file;
        final IntakeOptions options;
        final Progress progress;
        final long started = System.nanoTime();
        final List<Problem> problems = new ArrayList<>();
        final List<Problem> fileProblems = new ArrayList<>();
        long problemCount;
        long size;
        String encoding;
        String delimiter;
        String lineEnding;
        List<String> header = new ArrayList<>();
        List<ColumnProfile> columns = new ArrayList<>();
        long dataRows;
        long badRows;
        List<InspectionReport.PreviewRow> preview = new ArrayList<>();
        Map<String, Integer> schemaColumns = Map.of();
        boolean sniffedOneMore;

        Run(Path file, IntakeOptions options, Progress progress) {
            this.file = file;
            this.options = options;
            this.progress = progress;
        }

        @Override
        public void add(Severity severity, long line, int column, String columnName, String message) {
            problemCount++;
            if (problems.size() < options.maxProblems()) {
                problems.add(new Problem(severity, line, column, columnName, message));
            }
        }

        void fileProblem(Severity severity, String message) {
            problemCount++;
            fileProblems.add(new Problem(severity, 0, 0, null, message));
        }

        InspectionReport refuse(String message) {
            fileProblem(Severity.FATAL, message);
            return report();
        }

        InspectionReport report() {
            List<Problem> all = new ArrayList<>(problems);
            all.addAll(fileProblems);
            String refusal = null;
            for (Problem p : fileProblems) {
                if (p.severity() == Severity.FATAL) {
                    refusal = p.message();
                    break;
                }
            }
            if (refusal == null) {
                for (Problem p : problems) {
                    if (p.severity() == Severity.FATAL) {
                        refusal = p.describe();
                        break;
                    }
                }
            }
            return new InspectionReport(file.getFileName().toString(), size, refusal == null, refusal, encoding, delimiter,
                    lineEnding, List.copyOf(header), List.copyOf(columns), dataRows, badRows, List.copyOf(all), problemCount,
                    List.copyOf(preview), schemaColumns, (System.nanoTime() - started) / 1_000_000);
        }

        InspectionReport run() throws IOException {
            size = Files.size(file);
            if (size == 0) {
                return refuse("the file is empty");
            }
            if (options.sizeLimitBytes() > 0 && size > options.sizeLimitBytes()) {
                return refuse(String.format(Locale.ROOT, "the file is %.1f MB, over the %.1f MB limit; split it or raise the size limit",
                        size / 1048576.0, options.sizeLimitBytes() / 1048576.0));
            }
            byte[] sample = readSample();
            String binary = binaryReason(sample);
            if (binary != null) {
                return refuse(binary);
            }
            Charset charset;
            int bom = 0;
            if (sample.length >= 3 && (sample[0] & 0xFF) == 0xEF && (sample[1] & 0xFF) == 0xBB && (sample[2] & 0xFF) == 0xBF) {
                charset = StandardCharsets.UTF_8;
                encoding = "UTF-8 (BOM)";
                bom = 3;
            } else if (sample.length >= 2 && (sample[0] & 0xFF) == 0xFF && (sample[1] & 0xFF) == 0xFE) {
                charset = StandardCharsets.UTF_16LE;
                encoding = "UTF-16LE (BOM)";
                bom = 2;
            } else if (sample.length >= 2 && (sample[0] & 0xFF) == 0xFE && (sample[1] & 0xFF) == 0xFF) {
                charset = StandardCharsets.UTF_16BE;
                encoding = "UTF-16BE (BOM)";
                bom = 2;
            } else if (validUtf8(sample, sample.length == size)) {
                charset = StandardCharsets.UTF_8;
                encoding = "UTF-8";
            } else {
                charset = Charset.forName("windows-1252");
                encoding = "windows-1252";
                fileProblem(Severity.WARNING, "the file is not valid UTF-8; it was read as Windows-1252: check accented letters"
                        + " in the preview, and save it as UTF-8 if they look wrong");
            }
            if (bom > 0 && charset != StandardCharsets.UTF_8) {
                String nul = binaryChars(new String(sample, bom, sample.length - bom, charset));
                if (nul != null) {
                    return refuse(nul);
                }
            }
            String text = decodeSample(sample, bom, charset);
            lineEnding = lineEnding(text);
            char delim = sniff(text);
            delimiter = String.valueOf(delim);
            long rows = parse(charset, bom, delim);
            if (rows < 0) {
                return report();
            }
            return report();
        }

        byte[] readSample() throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                return in.readNBytes(SAMPLE_BYTES);
            }
        }

        String decodeSample(byte[] sample, int bom, Charset charset) {
            int end = sample.length;
            if (end < size) {
                // cut at the last line feed so no record (or multi-byte character) is cut in two
                int lf = end - 1;
                while (lf > bom && sample[lf] != '\n') {
                    lf--;
                }
                if (lf > bom) {
                    end = lf + 1;
                }
                if (charset == StandardCharsets.UTF_16LE && end < sample.length) {
                    end++;
                }
            }
            return new String(sample, bom, Math.max(0, end - bom), charset);
        }

        /** Decides the delimiter from the first records: the one giving the most consistent count of fields (at least 2). */
        char sniff(String text) {
            char best = ',';
            double bestScore = -1;
            int bestMode = 1;
            List<Integer> bestSizes = List.of();
            for (char d : DELIMITERS) {
                Map<Integer, Integer> counts = new HashMap<>();
                List<Integer> sizes = new ArrayList<>();
                int[] records = {0};
                CsvParser parser = new CsvParser(d, 1 << 20, 1 << 14);
                try {
                    parser.parse(new StringReader(text), row -> {
                        counts.merge(row.size(), 1, Integer::sum);
                        sizes.add(row.size());
                        return ++records[0] < SNIFF_RECORDS;
                    });
                } catch (IOException | CsvParser.RecordTooLongException e) {
                    continue;
                }
                int mode = 1;
                int modeCount = 0;
                for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
                    if (e.getValue() > modeCount || (e.getValue() == modeCount && e.getKey() > mode)) {
                        mode = e.getKey();
                        modeCount = e.getValue();
                    }
                }
                if (mode < 2 || records[0] == 0) {
                    continue;
                }
                double score = modeCount / (double) records[0];
                if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) <= 1e-9 && mode > bestMode)) {
                    best = d;
                    bestScore = score;
                    bestMode = mode;
                    bestSizes = sizes;
                }
            }
            if (bestSizes.size() > 1) {
                int h = bestSizes.get(0);
                long more = bestSizes.stream().skip(1).filter(n -> n == h + 1).count();
                sniffedOneMore = more * 2 > bestSizes.size() - 1;
            }
            if (bestScore < 0) {
                fileProblem(Severity.INFO, "no delimiter among comma, semicolon, tab and pipe splits the lines: read as one column");
            }
            return best;
        }

        /** The main pass. */
        long parse(Charset charset, int bom, char delim) throws IOException {
            Parse p = new Parse(this, delim);
            try (DecodingReader reader = new DecodingReader(file, charset, bom, 1 << 20)) {
                p.reader = reader;
                try {
                    new CsvParser(delim).parse(reader, p);
                } catch (CsvParser.RecordTooLongException e) {
                    fileProblem(Severity.FATAL, "line " + e.line() + ": " + e.getMessage());
                }
                if (reader.malformedCount() > 0 && !"windows-1252".equals(encoding)) {
                    long line = lineOfByte(reader.firstMalformedOffset(), bom);
                    fileProblem(Severity.WARNING, reader.malformedCount() + " byte(s) are not valid " + charset.name()
                            + " (the first on line " + line + ") and were replaced by U+FFFD; if the file is Windows-1252, save it as UTF-8");
                }
            }
            p.finish();
            return dataRows;
        }

        long lineOfByte(long offset, int bom) throws IOException {
            long line = 1;
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(bom);
                byte[] buf = new byte[1 << 16];
                long left = offset - bom;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        break;
                    }
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            line++;
                        }
                    }
                    left -= n;
                }
            }
            return line;
        }
    }

    /** Per-row work of the main pass. */
    private static final class Parse implements CsvParser.RowHandler {
        final Run run;
        final char delim;
        DecodingReader reader;
        int width;
        boolean extraColumn;
        long extraRows;
        long firstExtraLine;
        ColumnStats[] stats;
        long nextProgressBytes = 64L << 20;
        long fieldWarnings;

        Parse(Run run, char delim) {
            this.run = run;
            this.delim = delim;
        }

        @Override
        public boolean row(CsvParser.Row row) {
            if (row.unterminated()) {
                run.add(Severity.FATAL, row.line(), row.size(), null, "a quote opened in this record is never closed;"
                        + " everything to the end of the file was read as one field");
                run.badRows++;
                return false;
            }
            if (row.index() == 0) {
                header(row);
                return true;
            }
            run.dataRows++;
            int n = row.size();
            int h = run.header.size();
            if (n != width && !(extraColumn && n == width - 1)) {
                run.badRows++;
                run.add(Severity.ERROR, row.line(), 0, null, "the row has " + n + " field" + (n == 1 ? "" : "s")
                        + ", the header has " + h + (n > width ? " (too many: an unquoted delimiter in a value?)" : " (too few)"));
                return checkProgress();
            }
            if (extraColumn && n == width) {
                extraRows++;
                if (firstExtraLine == 0) {
                    firstExtraLine = row.line();
                }
            }
            if (row.strayQuote() || row.textAfterQuote()) {
                run.add(Severity.WARNING, row.line(), 0, null, row.strayQuote()
                        ? "a quote inside an unquoted value was kept as a character"
                        : "text after a closing quote was kept as part of the value");
            }
            char[] a = row.buffer();
            for (int k = 0; k < n; k++) {
                int s = row.start(k);
                int e = row.end(k);
                while (s < e && (a[s] == ' ' || (a[s] == '\t' && delim != '\t'))) {
                    s++;
                }
                while (e > s && (a[e - 1] == ' ' || (a[e - 1] == '\t' && delim != '\t'))) {
                    e--;
                }
                stats[k].add(a, s, e, row.line());
            }
            if (run.preview.size() < run.options.previewRows()) {
                run.preview.add(new InspectionReport.PreviewRow(row.line(), List.of(row.toArray())));
            }
            return checkProgress();
        }

        boolean checkProgress() {
            if (reader.bytesRead() >= nextProgressBytes) {
                nextProgressBytes += 64L << 20;
                run.progress.checkCancelled();
                run.progress.report(Math.min(0.99, reader.bytesRead() / (double) Math.max(1, run.size)),
                        "validated " + (reader.bytesRead() >> 20) + " MB of " + (run.size >> 20) + " MB");
            }
            return true;
        }

        void header(CsvParser.Row row) {
            Set<String> seen = new HashSet<>();
            Map<String, Integer> firstAt = new HashMap<>();
            for (int k = 0; k < row.size(); k++) {
                String name = row.get(k).strip();
                if (k == 0 && !name.isEmpty() && name.charAt(0) == '\uFEFF') {
                    name = name.substring(1);
                }
                if (name.isEmpty()) {
                    run.add(Severity.FATAL, row.line(), k + 1, null, "column " + (k + 1) + " has no name; give every column"
                            + " a name (a nameless first column is often a row index written by R or pandas: remove it)");
                    name = "column_" + (k + 1);
                } else if (!seen.add(TransactionsSchema.normalise(name))) {
                    run.add(Severity.FATAL, row.line(), k + 1, name, "the name '" + name + "' repeats column "
                            + (firstAt.get(TransactionsSchema.normalise(name)) + 1) + "; column names must be unique");
                }
                firstAt.putIfAbsent(TransactionsSchema.normalise(name), k);
                run.header.add(name);
            }
            width = run.header.size();
            extraColumn = majorityHasOneMore();
            if (extraColumn) {
                width++;
                run.header.add("column_" + width);
            }
            stats = new ColumnStats[width];
            for (int k = 0; k < width; k++) {
                stats[k] = new ColumnStats(delim != ',');
            }
        }

        /** Looks ahead in the sample: do most of the first records have one field more than the header? */
        boolean majorityHasOneMore() {
            return run.sniffedOneMore;
        }

        void finish() {
            if (run.header.isEmpty()) {
                run.fileProblem(Severity.FATAL, "the file has no header line (only blank lines or a byte-order mark)");
                return;
            }
            if (run.dataRows == 0) {
                run.fileProblem(Severity.FATAL, "the file has a header but no data rows");
            }
            if (extraColumn && extraRows > 0) {
                run.fileProblem(Severity.WARNING, "the header names " + (width - 1) + " columns but " + extraRows
                        + " rows (the first on line " + firstExtraLine + ") have " + width + " fields: the data has one column"
                        + " more than the header; it is read as the last column, '" + run.header.get(width - 1)
                        + "' (check that the names line up in the preview)");
            }
            List<ColumnProfile> profiles = new ArrayList<>();
            for (int k = 0; k < width && stats != null; k++) {
                profiles.add(stats[k].profile(k, run.header.get(k), run));
            }
            run.columns = profiles;
            if (run.options.schema() == IntakeOptions.Schema.TRANSACTIONS) {
                checkSchema();
            }
            long good = run.dataRows;
            if (run.badRows > 0 && run.badRows > run.options.maxBadRatio() * good) {
                run.fileProblem(Severity.FATAL, String.format(Locale.ROOT,
                        "%d of %d data rows (%.2f%%) cannot be read, more than the %.2f%% allowed; fix them (see the lines"
                                + " listed) or raise the threshold", run.badRows, good, 100.0 * run.badRows / Math.max(1, good),
                        100 * run.options.maxBadRatio()));
            } else if (run.badRows > 0) {
                run.fileProblem(Severity.WARNING, run.badRows + " row(s) cannot be read and will be skipped (listed with"
                        + " their lines); that is within the " + 100 * run.options.maxBadRatio() + "% allowed");
            }
        }

        void checkSchema() {
            TransactionsSchema.Match match = TransactionsSchema.match(run.header);
            run.schemaColumns = Map.copyOf(match.columns());
            for (String missing : match.missing()) {
                run.fileProblem(Severity.FATAL, "the required column " + TransactionsSchema.describe(missing)
                        + " is missing from the header");
            }
            Integer amount = match.columns().get(TransactionsSchema.AMOUNT);
            if (amount != null) {
                ColumnProfile c = run.columns.get(amount);
                if (c.type() != ColumnType.INTEGER && c.type() != ColumnType.DECIMAL) {
                    run.fileProblem(Severity.FATAL, "column " + (amount + 1) + " '" + c.name() + "' must hold amounts, but it"
                            + " reads as " + c.type().label() + (c.note() == null ? "" : " (" + c.note() + ")"));
                }
            }
            Integer date = match.columns().get(TransactionsSchema.DATE);
            if (date != null) {
                ColumnProfile c = run.columns.get(date);
                if (c.type() != ColumnType.DATE && c.type() != ColumnType.DATETIME) {
                    run.fileProblem(Severity.FATAL, "column " + (date + 1) + " '" + c.name() + "' must hold dates, but it"
                            + " reads as " + c.type().label() + (c.note() == null ? "" : " (" + c.note() + ")"));
                }
            }
        }
    }

    // ---- byte-level checks ---------------------------------------------------------------------------

    static String binaryReason(byte[] s) {
        if (s.length >= 4 && s[0] == 'P' && s[1] == 'K' && s[2] == 3 && s[3] == 4) {
            return "binary content: this is a zip archive (an Excel .xlsx workbook?), not CSV; save it as CSV first";
        }
        if (s.length >= 4 && (s[0] & 0xFF) == 0xD0 && (s[1] & 0xFF) == 0xCF && (s[2] & 0xFF) == 0x11 && (s[3] & 0xFF) == 0xE0) {
            return "binary content: this is an old Excel .xls workbook, not CSV; save it as CSV first";
        }
        if (s.length >= 4 && s[0] == '%' && s[1] == 'P' && s[2] == 'D' && s[3] == 'F') {
            return "binary content: this is a PDF document, not CSV";
        }
        if (s.length >= 2 && (s[0] & 0xFF) == 0x1F && (s[1] & 0xFF) == 0x8B) {
            return "binary content: this is a gzip archive; decompress it first";
        }
        boolean bom16 = s.length >= 2 && (((s[0] & 0xFF) == 0xFF && (s[1] & 0xFF) == 0xFE) || ((s[0] & 0xFF) == 0xFE && (s[1] & 0xFF) == 0xFF));
        if (bom16) {
            return null;
        }
        int nul = 0;
        int nulEven = 0;
        int control = 0;
        for (int i = 0; i < s.length; i++) {
            int b = s[i] & 0xFF;
            if (b == 0) {
                nul++;
                if (i % 2 == 0) {
                    nulEven++;
                }
            } else if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7F) {
                control++;
            }
        }
        if (nul > 0) {
            if (nul > s.length / 3 && (nulEven > nul * 0.9 || nulEven < nul * 0.1)) {
                return "the file looks like UTF-16 text without a byte-order mark; save it as UTF-8 (or UTF-16 with a BOM)";
            }
            return "binary content: the first " + s.length + " bytes hold " + nul + " NUL byte(s); this is not a text file";
        }
        if (control > CONTROL_RATIO * s.length) {
            return String.format(Locale.ROOT, "binary content: %.1f%% of the first %d bytes are control characters;"
                    + " this is not a text file", 100.0 * control / s.length, s.length);
        }
        return null;
    }

    static String binaryChars(String text) {
        int control = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "binary content: NUL characters in the first " + SAMPLE_BYTES / 1024 + " KB; this is not a text file";
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                control++;
            }
        }
        return control > CONTROL_RATIO * text.length() ? "binary content: too many control characters; this is not a text file" : null;
    }

    /** Valid UTF-8? A multi-byte sequence cut by the end of the sample is fine unless the sample is the whole file. */
    static boolean validUtf8(byte[] s, boolean whole) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int end = s.length;
        if (!whole) {
            // step back over a possibly cut sequence
            int k = end - 1;
            int back = 0;
            while (k >= 0 && back < 3 && (s[k] & 0xC0) == 0x80) {
                k--;
                back++;
            }
            if (k >= 0 && (s[k] & 0x80) != 0) {
                end = k;
            }
        }
        try {
            decoder.decode(java.nio.ByteBuffer.wrap(s, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static String lineEnding(String text) {
        long crlf = 0;
        long lf = 0;
        long cr = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    crlf++;
                    i++;
                } else {
                    cr++;
                }
            } else if (c == '\n') {
                lf++;
            }
        }
        int kinds = (crlf > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
        if (kinds == 0) {
            return null;
        }
        if (kinds > 1) {
            return "mixed";
        }
        return crlf > 0 ? "CRLF" : lf > 0 ? "LF" : "CR";
    }

    static Map<String, Object> describeDelimiter(char d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("char", String.valueOf(d));
        m.put("name", InspectionReport.delimiterName(String.valueOf(d)));
        return m;
    }
}
