package org.riskbench.engine.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;
import org.riskbench.core.table.CsvParser;
import org.riskbench.core.table.DecodingReader;
import org.riskbench.core.table.RecordCuts;

/**
 * Derives the per-transaction features of docs/spec/inference.md section 2, computed per customer in date order
 * (ties within a day keep file order), and writes the enriched table in the input's row order.
 *
 * <p>Unlike validation, this step holds the rows in memory: ordering each customer's history by date
 * needs them all. That is acceptable for a transactions file under the size limit (500 MB by default),
 * and the rows are kept as primitive columns (int codes for strings, double amounts, int days), about
 * 40 bytes a row, not as objects.
 */
public final class Enricher {
    /** Feature columns written after the input columns, in this order. */
    public static final List<String> FEATURES = List.of("log_amount", "amount_zscore_customer", "cust_txn_count",
            "cust_amount_sum", "cust_amount_mean", "cust_amount_max", "cust_amount_std", "cust_txn_index", "is_first_txn",
            "days_since_prev", "same_day_count", "roll7_count", "roll7_sum", "roll30_count", "roll30_sum", "day_of_week",
            "day_of_month", "month", "is_weekend", "is_month_end", "is_round_amount", "threshold_ratio", "above_threshold",
            "just_below_threshold", "roll7_just_below_count", "roll7_just_below_sum", "is_cash", "cash_above_limit",
            "amount_to_cust_mean");

    /** What enrichment did: counts for the summary, and the rows it skipped, with their lines. */
    public record Result(long rowsIn, long rowsEnriched, List<Problem> skipped, long skippedCount, EnrichmentSummary summary) {
    }

    private Enricher() {
    }

    /** Reads {@code input} as {@code report} describes it and writes the enriched CSV to {@code out} (atomically). */
    public static Result enrich(Path input, InspectionReport report, EnrichmentConfig config, Path out, Progress progress) {
        return enrich(input, report, config, out, 1, progress);
    }

    /**
     * As above; the features (by disjoint groups of customers) and the enriched rows are computed and formatted
     * on {@code threads} threads, the same bytes for any number.
     */
    public static Result enrich(Path input, InspectionReport report, EnrichmentConfig config, Path out, int threads,
                                Progress progress) {
        if (!report.accepted()) {
            throw new InputException(report.file() + ": refused: " + report.refusal());
        }
        Map<String, Integer> cols = report.schemaColumns();
        for (String r : TransactionsSchema.REQUIRED) {
            if (!cols.containsKey(r)) {
                throw new InputException(report.file() + ": the required column " + TransactionsSchema.describe(r) + " is missing");
            }
        }
        java.util.concurrent.ExecutorService pool = pool(threads);
        try {
            Table t = read(input, report, pool, threads, progress);
            progress.checkCancelled();
            progress.report(0.6, "computing features of " + t.n + " rows");
            double[][] f = features(t, config, pool, threads);
            progress.checkCancelled();
            progress.report(0.8, "writing the enriched table");
            write(out, t, f, pool, threads);
            return new Result(t.n + t.skippedCount, t.n, t.skipped, t.skippedCount, summary(t, f, config));
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** The rows as primitive columns. */
    static final class Table {
        int n;
        long[] line = new long[1024];
        int[] customer = new int[1024];
        double[] amount = new double[1024];
        int[] day = new int[1024];
        int[] operation = new int[1024];
        int[] sector = new int[1024];
        byte[] cash = new byte[1024];
        int[] channel = new int[1024];
        int[] fraccion = new int[1024];
        int[] label = new int[1024];
        final Dict customers = new Dict();
        final Dict operations = new Dict();
        final Dict sectors = new Dict();
        final Dict channels = new Dict();
        final Dict fracciones = new Dict();
        final Dict labels = new Dict();
        boolean hasChannel;
        boolean hasFraccion;
        boolean hasLabel;
        final List<Problem> skipped = new ArrayList<>();
        long skippedCount;

        void grow() {
            int size = line.length * 2;
            line = Arrays.copyOf(line, size);
            customer = Arrays.copyOf(customer, size);
            amount = Arrays.copyOf(amount, size);
            day = Arrays.copyOf(day, size);
            operation = Arrays.copyOf(operation, size);
            sector = Arrays.copyOf(sector, size);
            cash = Arrays.copyOf(cash, size);
            channel = Arrays.copyOf(channel, size);
            fraccion = Arrays.copyOf(fraccion, size);
            label = Arrays.copyOf(label, size);
        }

        void skip(long atLine, int column, String name, String message) {
            skippedCount++;
            if (skipped.size() < MAX_SKIPPED_LISTED) {
                skipped.add(new Problem(Problem.Severity.ERROR, atLine, column, name, message));
            }
        }

        /** Parts read side by side, in file order, as one table: codes renumbered in order of first appearance. */
        static Table join(List<Table> parts) {
            if (parts.size() == 1) {
                return parts.get(0);
            }
            Table t = new Table();
            int n = 0;
            for (Table p : parts) {
                n += p.n;
            }
            t.n = n;
            t.line = new long[n];
            t.customer = new int[n];
            t.amount = new double[n];
            t.day = new int[n];
            t.operation = new int[n];
            t.sector = new int[n];
            t.cash = new byte[n];
            t.channel = new int[n];
            t.fraccion = new int[n];
            t.label = new int[n];
            t.hasChannel = parts.get(0).hasChannel;
            t.hasFraccion = parts.get(0).hasFraccion;
            t.hasLabel = parts.get(0).hasLabel;
            int at = 0;
            for (Table p : parts) {
                int[] customers = p.customers.recode(t.customers);
                int[] operations = p.operations.recode(t.operations);
                int[] sectors = p.sectors.recode(t.sectors);
                int[] channels = p.channels.recode(t.channels);
                int[] fracciones = p.fracciones.recode(t.fracciones);
                int[] labels = p.labels.recode(t.labels);
                System.arraycopy(p.line, 0, t.line, at, p.n);
                System.arraycopy(p.amount, 0, t.amount, at, p.n);
                System.arraycopy(p.day, 0, t.day, at, p.n);
                System.arraycopy(p.cash, 0, t.cash, at, p.n);
                for (int i = 0; i < p.n; i++) {
                    t.customer[at + i] = customers[p.customer[i]];
                    t.operation[at + i] = operations[p.operation[i]];
                    t.sector[at + i] = sectors[p.sector[i]];
                    t.channel[at + i] = t.hasChannel ? channels[p.channel[i]] : 0;
                    t.fraccion[at + i] = t.hasFraccion ? fracciones[p.fraccion[i]] : 0;
                    t.label[at + i] = t.hasLabel ? labels[p.label[i]] : 0;
                }
                at += p.n;
                for (Problem problem : p.skipped) {
                    if (t.skipped.size() < MAX_SKIPPED_LISTED) {
                        t.skipped.add(problem);
                    }
                }
                t.skippedCount += p.skippedCount;
            }
            return t;
        }
    }

    /** Skipped rows listed with their lines (all are counted). */
    static final int MAX_SKIPPED_LISTED = 1000;

    /**
     * Strings to dense int codes, in order of first appearance. Looked up straight from a char range of the
     * parser's buffer (open addressing on the String hash), so a String is made only for a new value.
     */
    static final class Dict {
        final List<String> values = new ArrayList<>();
        private int[] slots = new int[64]; // code + 1; 0 is empty
        private int[] hashes = new int[64];

        int code(String s) {
            return code(s.toCharArray(), 0, s.length());
        }

        int code(char[] a, int from, int to) {
            int h = 0;
            for (int i = from; i < to; i++) {
                h = 31 * h + a[i];
            }
            int mask = slots.length - 1;
            int i = (h ^ (h >>> 16)) & mask;
            for (int c; (c = slots[i]) != 0; i = (i + 1) & mask) {
                if (hashes[i] == h && equal(values.get(c - 1), a, from, to)) {
                    return c - 1;
                }
            }
            int code = values.size();
            values.add(new String(a, from, to - from));
            slots[i] = code + 1;
            hashes[i] = h;
            if (2 * values.size() > slots.length) {
                rehash();
            }
            return code;
        }

        /** Each of this dictionary's codes as a code of {@code into}, adding the values {@code into} lacks, in order. */
        int[] recode(Dict into) {
            int[] out = new int[values.size()];
            for (int c = 0; c < out.length; c++) {
                out[c] = into.code(values.get(c));
            }
            return out;
        }

        private static boolean equal(String s, char[] a, int from, int to) {
            if (s.length() != to - from) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) != a[from + i]) {
                    return false;
                }
            }
            return true;
        }

        private void rehash() {
            int[] oldSlots = slots;
            int[] oldHashes = hashes;
            slots = new int[oldSlots.length * 2];
            hashes = new int[oldSlots.length * 2];
            int mask = slots.length - 1;
            for (int k = 0; k < oldSlots.length; k++) {
                if (oldSlots[k] != 0) {
                    int h = oldHashes[k];
                    int i = (h ^ (h >>> 16)) & mask;
                    while (slots[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    slots[i] = oldSlots[k];
                    hashes[i] = h;
                }
            }
        }
    }

    /** Per-value flags of a column with few distinct values (computed once per value, not per row). */
    private static final class Flags {
        private final Dict dict = new Dict();
        private byte[] flag = new byte[16];
        private final java.util.function.Predicate<String> test;

        Flags(java.util.function.Predicate<String> test) {
            this.test = test;
        }

        byte of(char[] a, int from, int to) {
            return ofCode(dict.code(a, from, to), dict);
        }

        /** The flag of a value already coded in {@code d} (this holder's own dict or another). */
        byte ofCode(int code, Dict d) {
            if (code >= flag.length) {
                flag = Arrays.copyOf(flag, Math.max(code + 1, 2 * flag.length));
            }
            if (flag[code] == 0) {
                flag[code] = (byte) (test.test(d.values.get(code)) ? 2 : 1);
            }
            return (byte) (flag[code] - 1);
        }
    }

    static Table read(Path input, InspectionReport report, Progress progress) {
        return read(input, report, null, 1, progress);
    }

    /** Files from this size are read in parts side by side when there is a pool. */
    static final long PARALLEL_READ_BYTES = 4L << 20;

    /**
     * The rows as primitive columns. With a pool, a file of an ASCII-compatible encoding is cut at record ends
     * ({@link RecordCuts}) and its parts parsed side by side, then joined in order: the same table, codes in
     * order of first appearance, skipped rows in line order, as one thread gives.
     */
    static Table read(Path input, InspectionReport report, java.util.concurrent.ExecutorService pool, int threads,
                      Progress progress) {
        Object[] enc = charset(report.encoding());
        Charset charset = (Charset) enc[0];
        int skip = (Integer) enc[1];
        java.util.concurrent.atomic.AtomicLong bytesRead = new java.util.concurrent.atomic.AtomicLong();
        try {
            boolean asciiCompatible = charset.equals(StandardCharsets.UTF_8) || charset.name().equals("windows-1252");
            if (pool == null || threads < 2 || !asciiCompatible || report.delimiterChar() >= 128
                    || java.nio.file.Files.size(input) < PARALLEL_READ_BYTES) {
                Table t = new Table();
                readPart(input, report, charset, skip, Long.MAX_VALUE, 1, t, bytesRead, progress);
                return t;
            }
            RecordCuts cuts = RecordCuts.of(input, skip, report.delimiterChar(), threads);
            List<java.util.concurrent.Future<Table>> parts = new ArrayList<>();
            for (int k = 0; k < cuts.parts(); k++) {
                int part = k;
                parts.add(pool.submit(() -> {
                    Table t = new Table();
                    readPart(input, report, charset, cuts.offset(part), cuts.offset(part + 1), cuts.line(part), t, bytesRead,
                            progress);
                    return t;
                }));
            }
            List<Table> tables = new ArrayList<>();
            for (java.util.concurrent.Future<Table> f : parts) {
                tables.add(take(f));
            }
            return Table.join(tables);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses bytes {@code [partStart, partEnd)} (from a record start) into {@code t}; {@code firstLine} is the
     * physical line the part starts at (1: the part holds the header).
     */
    private static void readPart(Path input, InspectionReport report, Charset charset, long partStart, long partEnd,
                                 long firstLine,
                                 Table t, java.util.concurrent.atomic.AtomicLong bytesRead, Progress progress) throws IOException {
        Map<String, Integer> cols = report.schemaColumns();
        int iCust = cols.get(TransactionsSchema.CUSTOMER);
        int iAmount = cols.get(TransactionsSchema.AMOUNT);
        int iDate = cols.get(TransactionsSchema.DATE);
        int iOp = cols.get(TransactionsSchema.OPERATION);
        int iSector = cols.get(TransactionsSchema.SECTOR);
        int iCash = cols.getOrDefault(TransactionsSchema.CASH, -1);
        int iChannel = cols.getOrDefault(TransactionsSchema.CHANNEL, -1);
        int iFraccion = cols.getOrDefault(TransactionsSchema.FRACCION, -1);
        int iLabel = cols.getOrDefault(TransactionsSchema.LABEL, -1);
        boolean comma = "decimal_comma".equals(report.columns().get(iAmount).format());
        String dateFormat = report.columns().get(iDate).format();
        boolean dayFirst = dateFormat == null || !dateFormat.startsWith("MM");
        boolean isoDate = dateFormat != null && dateFormat.startsWith("yyyy");
        int width = report.header().size();
        t.hasChannel = iChannel >= 0;
        t.hasFraccion = iFraccion >= 0;
        t.hasLabel = iLabel >= 0;
        String[] names = report.header().toArray(new String[0]);
        Flags cashValue = new Flags(Enricher::truthy);
        Flags cashOp = new Flags(Enricher::cashOperation);
        // fields as stripped ranges [from[k], to[k]) of the row's buffer; a missing last field is empty
        int[] from = new int[width];
        int[] to = new int[width];
        long lineBase = firstLine - 1;
        long[] reported = {partStart};
        try (DecodingReader reader = new DecodingReader(input, charset, partStart, partEnd, 1 << 20)) {
            new CsvParser(report.delimiterChar()).parse(reader, row -> {
                if (row.index() == 0 && firstLine == 1) {
                    return true;
                }
                if ((row.index() & 0xFFFF) == 0) {
                    progress.checkCancelled();
                    long done = bytesRead.addAndGet(reader.bytesRead() - reported[0]);
                    reported[0] = reader.bytesRead();
                    progress.report(0.5 * done / Math.max(1.0, report.sizeBytes()), "reading rows");
                }
                long line = row.line() + lineBase;
                if (row.size() != width && row.size() != width - 1) {
                    t.skip(line, 0, null, "the row has " + row.size() + " fields, the header has " + width);
                    return true;
                }
                char[] buf = row.buffer();
                for (int k = 0; k < width; k++) {
                    if (k < row.size()) {
                        int s = row.start(k);
                        int e = row.end(k);
                        while (s < e && Character.isWhitespace(buf[s])) {
                            s++;
                        }
                        while (e > s && Character.isWhitespace(buf[e - 1])) {
                            e--;
                        }
                        from[k] = s;
                        to[k] = e;
                    } else {
                        from[k] = 0;
                        to[k] = 0;
                    }
                }
                if (from[iCust] == to[iCust] || Cells.isMissing(buf, from[iCust], to[iCust])) {
                    t.skip(line, iCust + 1, names[iCust], "no customer id");
                    return true;
                }
                double amount = parseAmount(buf, from[iAmount], to[iAmount], comma);
                if (Double.isNaN(amount)) {
                    t.skip(line, iAmount + 1, names[iAmount], "'" + text(buf, from, to, iAmount) + "' is not an amount");
                    return true;
                }
                int day = parseDay(buf, from[iDate], to[iDate], isoDate, dayFirst);
                if (day == Integer.MIN_VALUE) {
                    t.skip(line, iDate + 1, names[iDate], "'" + text(buf, from, to, iDate) + "' is not a date");
                    return true;
                }
                if (t.n == t.line.length) {
                    t.grow();
                }
                int k = t.n++;
                t.line[k] = line;
                t.customer[k] = t.customers.code(buf, from[iCust], to[iCust]);
                t.amount[k] = amount;
                t.day[k] = day;
                int op = t.operations.code(buf, from[iOp], to[iOp]);
                t.operation[k] = op;
                t.sector[k] = t.sectors.code(buf, from[iSector], to[iSector]);
                t.cash[k] = iCash >= 0 ? cashValue.of(buf, from[iCash], to[iCash]) : cashOp.ofCode(op, t.operations);
                t.channel[k] = iChannel >= 0 ? t.channels.code(buf, from[iChannel], to[iChannel]) : 0;
                t.fraccion[k] = iFraccion >= 0 ? t.fracciones.code(buf, from[iFraccion], to[iFraccion]) : 0;
                t.label[k] = iLabel >= 0 ? t.labels.code(buf, from[iLabel], to[iLabel]) : 0;
                return true;
            });
        } catch (CsvParser.RecordTooLongException e) {
            throw e.shifted(lineBase);
        }
    }

    private static String text(char[] buf, int[] from, int[] to, int k) {
        return new String(buf, from[k], to[k] - from[k]);
    }

    static Object[] charset(String encoding) {
        if (encoding == null) {
            return new Object[] {StandardCharsets.UTF_8, 0};
        }
        switch (encoding) {
            case "UTF-8 (BOM)": return new Object[] {StandardCharsets.UTF_8, 3};
            case "UTF-16LE (BOM)": return new Object[] {StandardCharsets.UTF_16LE, 2};
            case "UTF-16BE (BOM)": return new Object[] {StandardCharsets.UTF_16BE, 2};
            case "windows-1252": return new Object[] {Charset.forName("windows-1252"), 0};
            default: return new Object[] {StandardCharsets.UTF_8, 0};
        }
    }

    static boolean truthy(String s) {
        String v = TransactionsSchema.normalise(s);
        return v.equals("1") || v.equals("true") || v.equals("yes") || v.equals("si") || v.equals("y") || v.equals("s");
    }

    static boolean cashOperation(String op) {
        String v = TransactionsSchema.normalise(op);
        return v.contains("efectivo") || v.contains("cash");
    }

    /** An amount, with a dot or (when the column uses them) a decimal comma and dot grouping; NaN if not a number. */
    static double parseAmount(String s, boolean comma) {
        if (s.isEmpty()) {
            return Double.NaN;
        }
        String v = comma ? s.replace(".", "").replace(',', '.') : s;
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * As {@link #parseAmount(String, boolean)} on {@code a[from, to)}. Plain decimals ({@code -123.45}, at most 15
     * digits) take an exact fast path: the digits as a long, exact as a double, divided by an exact power of ten
     * is one correctly rounded operation, the same double {@code Double.parseDouble} returns. Anything else
     * (exponents, grouping, decimal commas, signs other than a leading minus) goes the general way.
     */
    static double parseAmount(char[] a, int from, int to, boolean comma) {
        if (!comma) {
            int i = from;
            boolean negative = i < to && a[i] == '-';
            if (negative) {
                i++;
            }
            long m = 0;
            int digits = 0;
            int scale = -1;
            for (; i < to; i++) {
                char c = a[i];
                if (c >= '0' && c <= '9') {
                    m = m * 10 + (c - '0');
                    digits++;
                    if (scale >= 0) {
                        scale++;
                    }
                } else if (c == '.' && scale < 0) {
                    scale = 0;
                } else {
                    break;
                }
            }
            if (i == to && digits > 0 && digits <= 15) {
                double v = scale > 0 ? m / POW10[scale] : m;
                return negative ? -v : v;
            }
        }
        return parseAmount(new String(a, from, to - from), comma);
    }

    /** Epoch day of a date or date-time (the time is ignored), or Integer.MIN_VALUE. */
    static int parseDay(String s, boolean iso, boolean dayFirst) {
        return parseDay(s.toCharArray(), 0, s.length(), iso, dayFirst);
    }

    /** As above on {@code a[from, to)}. */
    static int parseDay(char[] a, int from, int to, boolean iso, boolean dayFirst) {
        int p0 = 0;
        int p1 = 0;
        int p2 = 0;
        int p = 0;
        int i = from;
        while (p < 3) {
            int start = i;
            int v = 0;
            while (i < to && Character.isDigit(a[i]) && i - start < 4) {
                v = v * 10 + (a[i] - '0');
                i++;
            }
            if (i == start) {
                return Integer.MIN_VALUE;
            }
            if (p == 0) {
                p0 = v;
            } else if (p == 1) {
                p1 = v;
            } else {
                p2 = v;
            }
            p++;
            if (p < 3) {
                if (i >= to || (a[i] != '-' && a[i] != '/' && a[i] != '.')) {
                    return Integer.MIN_VALUE;
                }
                i++;
            }
        }
        int y;
        int m;
        int d;
        if (iso) {
            y = p0;
            m = p1;
            d = p2;
        } else {
            y = p2;
            m = dayFirst ? p1 : p0;
            d = dayFirst ? p0 : p1;
        }
        if (!Cells.validDate(y, m, d)) {
            return Integer.MIN_VALUE;
        }
        return (int) LocalDate.of(y, m, d).toEpochDay();
    }

    /**
     * Row indices ordered by customer, day, then file order: two stable counting sorts (by day, then by
     * customer), O(n) for any realistic span of dates; a comparison sort only when the dates span more than
     * {@code max(65536, 4n)} days.
     */
    static int[] order(Table t) {
        int n = t.n;
        int minDay = Integer.MAX_VALUE;
        int maxDay = Integer.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            minDay = Math.min(minDay, t.day[i]);
            maxDay = Math.max(maxDay, t.day[i]);
        }
        if (n == 0) {
            return new int[0];
        }
        long span = (long) maxDay - minDay + 1;
        if (span <= Math.max(1 << 16, 4L * n)) {
            int[] byDay = countingSort(null, t.day, n, minDay, (int) span);
            return countingSort(byDay, t.customer, n, 0, t.customers.values.size());
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> t.customer[a] != t.customer[b] ? Integer.compare(t.customer[a], t.customer[b])
                : t.day[a] != t.day[b] ? Integer.compare(t.day[a], t.day[b]) : Integer.compare(a, b));
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = boxed[i];
        }
        return idx;
    }

    /** {@code rows} (null: 0..n-1) stably ordered by {@code key[row] - offset}, which lies in [0, buckets). */
    private static int[] countingSort(int[] rows, int[] key, int n, int offset, int buckets) {
        int[] start = new int[buckets + 1];
        for (int i = 0; i < n; i++) {
            start[key[i] - offset + 1]++;
        }
        for (int b = 0; b < buckets; b++) {
            start[b + 1] += start[b];
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int r = rows == null ? i : rows[i];
            out[start[key[r] - offset]++] = r;
        }
        return out;
    }

    /** Feature matrix [feature][row], rows in file order. */
    static double[][] features(Table t, EnrichmentConfig config) {
        return features(t, config, null, 1);
    }

    /** Rows per feature task at least: customers are grouped into tasks of about this size. */
    private static final int FEATURE_BLOCK = 32_768;

    /**
     * As above; with a pool, disjoint runs of whole customers are computed on its threads. Each customer's
     * features depend on its own rows only and each row is written by one task, so the matrix is the same
     * for any number of threads.
     */
    static double[][] features(Table t, EnrichmentConfig config, java.util.concurrent.ExecutorService pool, int threads) {
        int n = t.n;
        double[][] f = new double[FEATURES.size()][n];
        int[] idx = order(t);
        double[] sectorThreshold = new double[t.sectors.values.size()];
        for (int s = 0; s < sectorThreshold.length; s++) {
            sectorThreshold[s] = config.threshold(t.sectors.values.get(s));
        }
        if (pool == null || n < 2 * FEATURE_BLOCK) {
            customerFeatures(t, idx, 0, n, sectorThreshold, config, f);
            return f;
        }
        int block = Math.max(FEATURE_BLOCK, n / (4 * threads));
        List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
        int a = 0;
        while (a < n) {
            int b = Math.min(n, a + block);
            while (b < n && t.customer[idx[b]] == t.customer[idx[b - 1]]) {
                b++; // a task ends at a customer's last row
            }
            int from = a;
            int to = b;
            tasks.add(pool.submit(() -> customerFeatures(t, idx, from, to, sectorThreshold, config, f)));
            a = b;
        }
        try {
            for (java.util.concurrent.Future<?> task : tasks) {
                take(task);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    /** Features of the rows {@code idx[from, to)}, which are whole customers in (customer, day, file) order. */
    private static void customerFeatures(Table t, int[] idx, int from, int to, double[] sectorThreshold,
                                         EnrichmentConfig config, double[][] f) {
        double below = 1 - config.justBelowFraction();
        double roundUnit = config.roundUnit();
        double cashLimit = config.cashLimit();
        int a = from;
        while (a < to) {
            int c = t.customer[idx[a]];
            int b = a;
            double sum = 0;
            double max = Double.NEGATIVE_INFINITY;
            while (b < to && t.customer[idx[b]] == c) {
                double x = t.amount[idx[b]];
                sum += x;
                max = Math.max(max, x);
                b++;
            }
            int count = b - a;
            double mean = sum / count;
            double ss = 0;
            for (int k = a; k < b; k++) {
                double dx = t.amount[idx[k]] - mean;
                ss += dx * dx;
            }
            double std = Math.sqrt(ss / count);
            int l7 = a;
            int l30 = a;
            double sum7 = 0;
            double sum30 = 0;
            int jb7 = 0;
            double jbSum7 = 0;
            int dayStart = a;
            int dayEnd = a;
            int dayOfWeek = 0;
            int dayOfMonth = 0;
            int month = 0;
            int monthEnd = 0;
            for (int k = a; k < b; k++) {
                int r = idx[k];
                int d = t.day[r];
                double x = t.amount[r];
                double threshold = sectorThreshold[t.sector[r]];
                boolean justBelow = x >= below * threshold && x < threshold;
                sum7 += x;
                sum30 += x;
                if (justBelow) {
                    jb7++;
                    jbSum7 += x;
                }
                while (t.day[idx[l7]] < d - 6) {
                    int q = idx[l7++];
                    sum7 -= t.amount[q];
                    double tq = sectorThreshold[t.sector[q]];
                    if (t.amount[q] >= below * tq && t.amount[q] < tq) {
                        jb7--;
                        jbSum7 -= t.amount[q];
                    }
                }
                while (t.day[idx[l30]] < d - 29) {
                    sum30 -= t.amount[idx[l30++]];
                }
                if (k == a || t.day[idx[k - 1]] != d) { // the first row of a day: its extent and calendar
                    dayStart = k;
                    dayEnd = k;
                    while (dayEnd + 1 < b && t.day[idx[dayEnd + 1]] == d) {
                        dayEnd++;
                    }
                    LocalDate date = LocalDate.ofEpochDay(d);
                    dayOfWeek = date.getDayOfWeek().getValue();
                    dayOfMonth = date.getDayOfMonth();
                    month = date.getMonthValue();
                    monthEnd = dayOfMonth > date.lengthOfMonth() - 3 ? 1 : 0;
                }
                int j = 0;
                f[j++][r] = Math.log1p(Math.abs(x));
                f[j++][r] = std > 0 ? (x - mean) / std : 0;
                f[j++][r] = count;
                f[j++][r] = sum;
                f[j++][r] = mean;
                f[j++][r] = max;
                f[j++][r] = std;
                f[j++][r] = k - a + 1;
                f[j++][r] = k == a ? 1 : 0;
                f[j++][r] = k == a ? -1 : d - t.day[idx[k - 1]];
                f[j++][r] = dayEnd - dayStart + 1;
                f[j++][r] = k - l7 + 1;
                f[j++][r] = sum7;
                f[j++][r] = k - l30 + 1;
                f[j++][r] = sum30;
                f[j++][r] = dayOfWeek;
                f[j++][r] = dayOfMonth;
                f[j++][r] = month;
                f[j++][r] = dayOfWeek >= 6 ? 1 : 0;
                f[j++][r] = monthEnd;
                f[j++][r] = x >= roundUnit && Math.abs(x % roundUnit) < 1e-9 ? 1 : 0;
                f[j++][r] = x / threshold;
                f[j++][r] = x >= threshold ? 1 : 0;
                f[j++][r] = justBelow ? 1 : 0;
                f[j++][r] = jb7;
                f[j++][r] = jbSum7;
                f[j++][r] = t.cash[r];
                f[j++][r] = t.cash[r] == 1 && x >= cashLimit ? 1 : 0;
                f[j][r] = mean != 0 ? x / mean : 0;
            }
            a = b;
        }
    }

    static void write(Path out, Table t, double[][] f) {
        write(out, t, f, 1);
    }

    /** Rows per formatting task when writing on several threads. */
    private static final int WRITE_BLOCK = 16_384;

    static void write(Path out, Table t, double[][] f, int threads) {
        java.util.concurrent.ExecutorService pool = pool(threads);
        try {
            write(out, t, f, pool, threads);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** A pool of {@code threads} daemon threads, or null for one thread (the work then runs on the caller's). */
    private static java.util.concurrent.ExecutorService pool(int threads) {
        return threads > 1 ? java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "riskbench-enrich");
            th.setDaemon(true);
            return th;
        }) : null;
    }

    private static void write(Path out, Table t, double[][] f, java.util.concurrent.ExecutorService pool, int threads) {
        Text text = new Text(t);
        AtomicFiles.write(out, os -> {
            List<String> head = new ArrayList<>(List.of("row", "line", "customer_id", "date", "amount", "operation_type", "sector", "cash"));
            if (t.hasChannel) {
                head.add("channel");
            }
            if (t.hasFraccion) {
                head.add(TransactionsSchema.FRACCION);
            }
            if (t.hasLabel) {
                head.add("label");
            }
            head.addAll(FEATURES);
            os.write((String.join(",", head) + "\n").getBytes(StandardCharsets.UTF_8));
            // rows are formatted block by block (in parallel with a pool) and written in order
            java.util.ArrayDeque<java.util.concurrent.Future<Bytes>> inFlight = new java.util.ArrayDeque<>();
            for (int from = 0; from < t.n; from += WRITE_BLOCK) {
                int a = from;
                int b = Math.min(t.n, from + WRITE_BLOCK);
                if (pool == null) {
                    Bytes block = format(t, text, f, a, b);
                    os.write(block.buf, 0, block.len);
                    continue;
                }
                inFlight.add(pool.submit(() -> format(t, text, f, a, b)));
                if (inFlight.size() > 2 * threads) {
                    Bytes block = take(inFlight.poll());
                    os.write(block.buf, 0, block.len);
                }
            }
            while (!inFlight.isEmpty()) {
                Bytes block = take(inFlight.poll());
                os.write(block.buf, 0, block.len);
            }
            os.flush();
        });
    }

    private static <T> T take(java.util.concurrent.Future<T> f) throws java.io.IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.riskbench.core.CancelledException();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new java.io.IOException(e.getCause());
        }
    }

    /** The text of the coded columns as UTF-8, made once per value (not per row): quoted strings and dates. */
    private static final class Text {
        final byte[][] customers;
        final byte[][] operations;
        final byte[][] sectors;
        final byte[][] channels;
        final byte[][] fracciones;
        final byte[][] labels;
        final int minDay;
        final byte[][] days; // day - minDay -> ISO date; null when the dates span too many days

        Text(Table t) {
            customers = quoted(t.customers);
            operations = quoted(t.operations);
            sectors = quoted(t.sectors);
            channels = quoted(t.channels);
            fracciones = quoted(t.fracciones);
            labels = quoted(t.labels);
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (int i = 0; i < t.n; i++) {
                lo = Math.min(lo, t.day[i]);
                hi = Math.max(hi, t.day[i]);
            }
            minDay = lo;
            if (t.n > 0 && (long) hi - lo < Math.max(1 << 16, t.n)) {
                days = new byte[hi - lo + 1][];
                for (int d = lo; d <= hi; d++) {
                    days[d - lo] = isoDate(d);
                }
            } else {
                days = null;
            }
        }

        private static byte[][] quoted(Dict d) {
            byte[][] out = new byte[d.values.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = quote(new StringBuilder(), d.values.get(i)).toString().getBytes(StandardCharsets.UTF_8);
            }
            return out;
        }

        private static byte[] isoDate(int d) {
            return LocalDate.ofEpochDay(d).toString().getBytes(StandardCharsets.US_ASCII);
        }

        byte[] day(int d) {
            return days != null ? days[d - minDay] : isoDate(d);
        }
    }

    /**
     * A growing buffer of the enriched rows' bytes: ASCII numbers written digit by digit, the input's text
     * copied as UTF-8 (formatting through a StringBuilder and encoding it cost as much again).
     */
    static final class Bytes {
        byte[] buf;
        int len;

        Bytes(int capacity) {
            buf = new byte[Math.max(32, capacity)];
        }

        private void room(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(2 * buf.length, len + n));
            }
        }

        Bytes ascii(char c) {
            room(1);
            buf[len++] = (byte) c;
            return this;
        }

        Bytes bytes(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
            return this;
        }

        Bytes text(String s) {
            return bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        /** {@code v} as {@link Long#toString(long)} writes it. */
        Bytes integer(long v) {
            if (v == Long.MIN_VALUE) {
                return text(Long.toString(v));
            }
            room(20);
            if (v < 0) {
                buf[len++] = '-';
                v = -v;
            }
            len = org.riskbench.core.table.CsvWriter.digits(v, buf, len);
            return this;
        }

        @Override
        public String toString() {
            return new String(buf, 0, len, StandardCharsets.UTF_8);
        }
    }

    /**
     * Recently formatted doubles of one column, direct-mapped by their bits: the per-customer features
     * (count, sum, mean, max, std) repeat on every row of a customer, and formatting is the costliest part of
     * writing. {@code exact}: the text reads back as the same double (the amount, which the table repeats from
     * the input); otherwise {@link #significant} digits (the features).
     */
    private static final class NumberCache {
        private static final int SIZE = 1024;
        private final long[] bits = new long[SIZE];
        private final byte[][] text = new byte[SIZE][];
        private final boolean exact;

        NumberCache(boolean exact) {
            this.exact = exact;
        }

        Bytes append(Bytes out, double v) {
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                return out.integer((long) v);
            }
            long b = Double.doubleToRawLongBits(v);
            int h = (int) ((b ^ (b >>> 32)) * 0x9E3779B97F4A7C15L >>> 54);
            byte[] s = text[h];
            if (s == null || bits[h] != b) {
                int start = out.len;
                if (exact) {
                    if (shortDecimal(out, v, 2, 100) || shortDecimal(out, v, 6, 1_000_000)) {
                        return out;
                    }
                    out.text(Double.toString(v));
                } else {
                    significant(v, out);
                }
                text[h] = Arrays.copyOfRange(out.buf, start, out.len);
                bits[h] = b;
                return out;
            }
            return out.bytes(s);
        }
    }

    /** Significant digits of the features in the enriched table. */
    static final int FEATURE_DIGITS = 10;

    /**
     * {@code v} rounded to {@value #FEATURE_DIGITS} significant digits, as a plain decimal without trailing zeros
     * ({@code 10932.19} for the sum {@code 10932.189999999997}, {@code 0.014374} for {@code 0.014374000000000001}):
     * what an analyst reads, far beyond the features' own precision, and without {@code Double.toString}'s cost.
     * Values under 1e-5 or from 1e15 in magnitude, and non-finite ones, are written by {@code Double.toString}.
     */
    static String significant(double v) {
        Bytes out = new Bytes(24);
        significant(v, out);
        return out.toString();
    }

    /** {@link #significant(double)} written to {@code out}. */
    static void significant(double v, Bytes out) {
        double a = Math.abs(v);
        if (!(a >= 1e-5 && a < 1e15)) {
            out.text(v == 0 ? "0" : Double.toString(v));
            return;
        }
        int e = (int) Math.floor(Math.log10(a));
        long m = scaled(a, FEATURE_DIGITS - 1 - e);
        // log10 can miss by one near a power of ten; rounding can carry into an eleventh digit
        if (m >= (long) POW10[FEATURE_DIGITS]) {
            e++;
            m = scaled(a, FEATURE_DIGITS - 1 - e);
        } else if (m < (long) POW10[FEATURE_DIGITS - 1]) {
            e--;
            m = scaled(a, FEATURE_DIGITS - 1 - e);
            if (m >= (long) POW10[FEATURE_DIGITS]) {
                e++;
                m = scaled(a, FEATURE_DIGITS - 1 - e);
            }
        }
        byte[] digits = new byte[20];
        int nd = 0;
        for (long t = m; t > 0 || nd == 0; t /= 10) {
            nd++;
        }
        for (int k = nd - 1; k >= 0; k--) {
            digits[k] = (byte) ('0' + m % 10);
            m /= 10;
        }
        if (v < 0) {
            out.ascii('-');
        }
        int intDigits = e + 1;
        out.room(nd + Math.abs(intDigits) + 2);
        byte[] b = out.buf;
        int at = out.len;
        if (intDigits <= 0) {
            b[at++] = '0';
            b[at++] = '.';
            for (int z = 0; z < -intDigits; z++) {
                b[at++] = '0';
            }
            System.arraycopy(digits, 0, b, at, nd);
            at += nd;
        } else if (intDigits >= nd) {
            System.arraycopy(digits, 0, b, at, nd);
            at += nd;
            for (int z = nd; z < intDigits; z++) {
                b[at++] = '0';
            }
            out.len = at;
            return;
        } else {
            System.arraycopy(digits, 0, b, at, intDigits);
            at += intDigits;
            b[at++] = '.';
            System.arraycopy(digits, intDigits, b, at, nd - intDigits);
            at += nd - intDigits;
        }
        while (b[at - 1] == '0') {
            at--;
        }
        if (b[at - 1] == '.') {
            at--;
        }
        out.len = at;
    }

    private static long scaled(double a, int k) {
        return Math.round(k >= 0 ? a * POW10[k] : a / POW10[-k]);
    }

    /**
     * Appends {@code Double.toString(v)} for a non-integer {@code v} that is the double nearest to {@code k / 10^scale}
     * with {@code |k| < 10^7} (and {@code |v| >= 0.001}, so no exponent): that decimal with its trailing zeros
     * dropped, the shortest text that reads back as {@code v}. Checked against {@code Double.toString} for every
     * such {@code k} at scales 2 and 6 in EnricherTest. False (nothing appended) for any other value.
     */
    static boolean shortDecimal(Bytes out, double v, int scale, long pow) {
        double a = Math.abs(v);
        if (!(a < 1e7 / pow)) {
            return false;
        }
        long k = Math.round(a * pow);
        if (k >= 10_000_000 || k * 1000 < pow || (double) k / pow != a) {
            return false;
        }
        long frac = k % pow;
        if (frac == 0) {
            return false;
        }
        int digits = scale;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        if (v < 0) {
            out.ascii('-');
        }
        out.integer(k / pow).ascii('.');
        for (long p = 10; p <= frac; p *= 10) {
            digits--;
        }
        for (int z = 1; z < digits; z++) {
            out.ascii('0');
        }
        out.integer(frac);
        return true;
    }

    /** {@link #shortDecimal(Bytes, double, int, long)}'s text, or null when it does not apply. */
    static String shortDecimal(double v, int scale, long pow) {
        Bytes out = new Bytes(24);
        return shortDecimal(out, v, scale, pow) ? out.toString() : null;
    }

    /** Rows {@code [from, to)} as UTF-8 CSV lines. */
    private static Bytes format(Table t, Text text, double[][] f, int from, int to) {
        Bytes out = new Bytes((to - from) * 300);
        NumberCache amounts = new NumberCache(true);
        NumberCache[] caches = new NumberCache[f.length];
        for (int j = 0; j < f.length; j++) {
            caches[j] = new NumberCache(false);
        }
        for (int r = from; r < to; r++) {
            out.integer(r + 1).ascii(',').integer(t.line[r]).ascii(',');
            out.bytes(text.customers[t.customer[r]]).ascii(',');
            out.bytes(text.day(t.day[r])).ascii(',');
            amounts.append(out, t.amount[r]).ascii(',');
            out.bytes(text.operations[t.operation[r]]).ascii(',');
            out.bytes(text.sectors[t.sector[r]]).ascii(',');
            out.integer(t.cash[r]);
            if (t.hasChannel) {
                out.ascii(',').bytes(text.channels[t.channel[r]]);
            }
            if (t.hasFraccion) {
                out.ascii(',').bytes(text.fracciones[t.fraccion[r]]);
            }
            if (t.hasLabel) {
                out.ascii(',').bytes(text.labels[t.label[r]]);
            }
            for (int j = 0; j < f.length; j++) {
                caches[j].append(out.ascii(','), f[j][r]);
            }
            out.ascii('\n');
        }
        return out;
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        boolean q = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        if (!q) {
            return sb.append(s);
        }
        return sb.append('"').append(s.replace("\"", "\"\"")).append('"');
    }

    static EnrichmentSummary summary(Table t, double[][] f, EnrichmentConfig config) {
        int minDay = Integer.MAX_VALUE;
        int maxDay = Integer.MIN_VALUE;
        double total = 0;
        for (int i = 0; i < t.n; i++) {
            minDay = Math.min(minDay, t.day[i]);
            maxDay = Math.max(maxDay, t.day[i]);
            total += t.amount[i];
        }
        Map<String, Long> labels = null;
        if (t.hasLabel) {
            labels = new LinkedHashMap<>();
            for (int i = 0; i < t.n; i++) {
                labels.merge(t.labels.values.get(t.label[i]), 1L, Long::sum);
            }
        }
        return new EnrichmentSummary(t.n, t.skippedCount, t.customers.values.size(),
                t.n == 0 ? null : LocalDate.ofEpochDay(minDay).toString(), t.n == 0 ? null : LocalDate.ofEpochDay(maxDay).toString(),
                total, count(f[FEATURES.indexOf("above_threshold")]), count(f[FEATURES.indexOf("just_below_threshold")]),
                count(f[FEATURES.indexOf("is_cash")]), count(f[FEATURES.indexOf("cash_above_limit")]), FEATURES,
                config.cashLimit(), config.defaultThreshold(), labels, null, null);
    }

    private static long count(double[] flags) {
        long n = 0;
        for (double v : flags) {
            if (v != 0) {
                n++;
            }
        }
        return n;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
