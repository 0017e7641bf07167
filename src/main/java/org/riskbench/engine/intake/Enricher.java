package org.riskbench.engine.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;

/**
 * Derives the per-transaction features of inference.md section 2, computed per customer in date order
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
    public record Result(long rowsIn, long rowsEnriched, List<Problem> skipped, long skippedCount, Map<String, Object> summary) {
    }

    private Enricher() {
    }

    /** Reads {@code input} as {@code report} describes it and writes the enriched CSV to {@code out} (atomically). */
    public static Result enrich(Path input, InspectionReport report, EnrichmentConfig config, Path out, Progress progress) {
        return enrich(input, report, config, out, 1, progress);
    }

    /** As above; the enriched rows are formatted on {@code threads} threads (the same bytes for any number). */
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
        Table t = read(input, report, progress);
        progress.checkCancelled();
        progress.report(0.6, "computing features of " + t.n + " rows");
        double[][] f = features(t, config);
        progress.checkCancelled();
        progress.report(0.8, "writing the enriched table");
        write(out, t, f, threads);
        return new Result(t.n + t.skippedCount, t.n, t.skipped, t.skippedCount, summary(t, f, config));
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
        int[] label = new int[1024];
        final Dict customers = new Dict();
        final Dict operations = new Dict();
        final Dict sectors = new Dict();
        final Dict channels = new Dict();
        final Dict labels = new Dict();
        boolean hasChannel;
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
            label = Arrays.copyOf(label, size);
        }

        void skip(long atLine, int column, String name, String message) {
            skippedCount++;
            if (skipped.size() < 1000) {
                skipped.add(new Problem(Problem.Severity.ERROR, atLine, column, name, message));
            }
        }
    }

    /** Strings to dense int codes. */
    static final class Dict {
        final Map<String, Integer> codes = new HashMap<>();
        final List<String> values = new ArrayList<>();

        int code(String s) {
            Integer c = codes.get(s);
            if (c == null) {
                c = values.size();
                codes.put(s, c);
                values.add(s);
            }
            return c;
        }
    }

    static Table read(Path input, InspectionReport report, Progress progress) {
        Map<String, Integer> cols = report.schemaColumns();
        int iCust = cols.get(TransactionsSchema.CUSTOMER);
        int iAmount = cols.get(TransactionsSchema.AMOUNT);
        int iDate = cols.get(TransactionsSchema.DATE);
        int iOp = cols.get(TransactionsSchema.OPERATION);
        int iSector = cols.get(TransactionsSchema.SECTOR);
        int iCash = cols.getOrDefault(TransactionsSchema.CASH, -1);
        int iChannel = cols.getOrDefault(TransactionsSchema.CHANNEL, -1);
        int iLabel = cols.getOrDefault(TransactionsSchema.LABEL, -1);
        boolean comma = "decimal_comma".equals(report.columns().get(iAmount).format());
        String dateFormat = report.columns().get(iDate).format();
        boolean dayFirst = dateFormat == null || !dateFormat.startsWith("MM");
        boolean isoDate = dateFormat != null && dateFormat.startsWith("yyyy");
        int width = report.header().size();
        Table t = new Table();
        t.hasChannel = iChannel >= 0;
        t.hasLabel = iLabel >= 0;
        String[] names = report.header().toArray(new String[0]);
        Object[] enc = charset(report.encoding());
        try (DecodingReader reader = new DecodingReader(input, (Charset) enc[0], (Integer) enc[1], 1 << 20)) {
            new CsvParser(report.delimiterChar()).parse(reader, row -> {
                if (row.index() == 0) {
                    return true;
                }
                if ((row.index() & 0xFFFF) == 0) {
                    progress.checkCancelled();
                    progress.report(0.5 * reader.bytesRead() / Math.max(1.0, report.sizeBytes()), "reading rows");
                }
                if (row.size() != width && row.size() != width - 1) {
                    t.skip(row.line(), 0, null, "the row has " + row.size() + " fields, the header has " + width);
                    return true;
                }
                String cust = field(row, iCust);
                if (cust.isEmpty() || Cells.isMissing(cust.toCharArray(), 0, cust.length())) {
                    t.skip(row.line(), iCust + 1, names[iCust], "no customer id");
                    return true;
                }
                double amount = parseAmount(field(row, iAmount), comma);
                if (Double.isNaN(amount)) {
                    t.skip(row.line(), iAmount + 1, names[iAmount], "'" + field(row, iAmount) + "' is not an amount");
                    return true;
                }
                int day = parseDay(field(row, iDate), isoDate, dayFirst);
                if (day == Integer.MIN_VALUE) {
                    t.skip(row.line(), iDate + 1, names[iDate], "'" + field(row, iDate) + "' is not a date");
                    return true;
                }
                if (t.n == t.line.length) {
                    t.grow();
                }
                int k = t.n++;
                t.line[k] = row.line();
                t.customer[k] = t.customers.code(cust);
                t.amount[k] = amount;
                t.day[k] = day;
                String op = field(row, iOp);
                t.operation[k] = t.operations.code(op);
                t.sector[k] = t.sectors.code(field(row, iSector));
                t.cash[k] = (byte) (iCash >= 0 ? (truthy(field(row, iCash)) ? 1 : 0) : (cashOperation(op) ? 1 : 0));
                t.channel[k] = iChannel >= 0 ? t.channels.code(field(row, iChannel)) : 0;
                t.label[k] = iLabel >= 0 ? t.labels.code(field(row, iLabel)) : 0;
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input + ": " + e.getMessage(), e);
        }
        return t;
    }

    private static String field(CsvParser.Row row, int k) {
        return k < row.size() ? row.get(k).strip() : "";
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

    /** Epoch day of a date or date-time (the time is ignored), or Integer.MIN_VALUE. */
    static int parseDay(String s, boolean iso, boolean dayFirst) {
        int[] parts = new int[3];
        int p = 0;
        int i = 0;
        int len = s.length();
        while (p < 3) {
            int start = i;
            int v = 0;
            while (i < len && Character.isDigit(s.charAt(i)) && i - start < 4) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start) {
                return Integer.MIN_VALUE;
            }
            parts[p++] = v;
            if (p < 3) {
                if (i >= len || "-/.".indexOf(s.charAt(i)) < 0) {
                    return Integer.MIN_VALUE;
                }
                i++;
            }
        }
        int y;
        int m;
        int d;
        if (iso) {
            y = parts[0];
            m = parts[1];
            d = parts[2];
        } else {
            y = parts[2];
            m = dayFirst ? parts[1] : parts[0];
            d = dayFirst ? parts[0] : parts[1];
        }
        if (!Cells.validDate(y, m, d)) {
            return Integer.MIN_VALUE;
        }
        return (int) LocalDate.of(y, m, d).toEpochDay();
    }

    /** Row indices ordered by customer, day, then file order. */
    static int[] order(Table t) {
        int n = t.n;
        int minDay = Integer.MAX_VALUE;
        int maxDay = Integer.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            minDay = Math.min(minDay, t.day[i]);
            maxDay = Math.max(maxDay, t.day[i]);
        }
        int[] idx = new int[n];
        if (n == 0) {
            return idx;
        }
        if (t.customers.values.size() < (1 << 20) && maxDay - minDay < (1 << 16) && n < (1 << 27)) {
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = ((long) t.customer[i] << 43) | ((long) (t.day[i] - minDay) << 27) | i;
            }
            Arrays.sort(keys);
            for (int i = 0; i < n; i++) {
                idx[i] = (int) (keys[i] & ((1 << 27) - 1));
            }
            return idx;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> t.customer[a] != t.customer[b] ? Integer.compare(t.customer[a], t.customer[b])
                : t.day[a] != t.day[b] ? Integer.compare(t.day[a], t.day[b]) : Integer.compare(a, b));
        for (int i = 0; i < n; i++) {
            idx[i] = boxed[i];
        }
        return idx;
    }

    /** Feature matrix [feature][row], rows in file order. */
    static double[][] features(Table t, EnrichmentConfig config) {
        int n = t.n;
        double[][] f = new double[FEATURES.size()][n];
        int[] idx = order(t);
        double[] sectorThreshold = new double[t.sectors.values.size()];
        for (int s = 0; s < sectorThreshold.length; s++) {
            sectorThreshold[s] = config.threshold(t.sectors.values.get(s));
        }
        double below = 1 - config.justBelowFraction();
        int a = 0;
        while (a < n) {
            int c = t.customer[idx[a]];
            int b = a;
            double sum = 0;
            double max = Double.NEGATIVE_INFINITY;
            while (b < n && t.customer[idx[b]] == c) {
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
                if (t.day[idx[dayStart]] != d) {
                    dayStart = k;
                }
                int dayEnd = k;
                while (dayEnd + 1 < b && t.day[idx[dayEnd + 1]] == d) {
                    dayEnd++;
                }
                LocalDate date = LocalDate.ofEpochDay(d);
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
                f[j++][r] = date.getDayOfWeek().getValue();
                f[j++][r] = date.getDayOfMonth();
                f[j++][r] = date.getMonthValue();
                f[j++][r] = date.getDayOfWeek().getValue() >= 6 ? 1 : 0;
                f[j++][r] = date.getDayOfMonth() > date.lengthOfMonth() - 3 ? 1 : 0;
                f[j++][r] = x >= config.roundUnit() && Math.abs(x % config.roundUnit()) < 1e-9 ? 1 : 0;
                f[j++][r] = x / threshold;
                f[j++][r] = x >= threshold ? 1 : 0;
                f[j++][r] = justBelow ? 1 : 0;
                f[j++][r] = jb7;
                f[j++][r] = jbSum7;
                f[j++][r] = t.cash[r];
                f[j++][r] = t.cash[r] == 1 && x >= config.cashLimit() ? 1 : 0;
                f[j][r] = mean != 0 ? x / mean : 0;
            }
            a = b;
        }
        return f;
    }

    static void write(Path out, Table t, double[][] f) {
        write(out, t, f, 1);
    }

    /** Rows per formatting task when writing on several threads. */
    private static final int WRITE_BLOCK = 16_384;

    static void write(Path out, Table t, double[][] f, int threads) {
        java.util.concurrent.ExecutorService pool = threads > 1 ? java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "riskbench-enrich");
            th.setDaemon(true);
            return th;
        }) : null;
        try {
            AtomicFiles.write(out, os -> {
                List<String> head = new ArrayList<>(List.of("row", "line", "customer_id", "date", "amount", "operation_type", "sector", "cash"));
                if (t.hasChannel) {
                    head.add("channel");
                }
                if (t.hasLabel) {
                    head.add("label");
                }
                head.addAll(FEATURES);
                os.write((String.join(",", head) + "\n").getBytes(StandardCharsets.UTF_8));
                // rows are formatted block by block (in parallel with a pool) and written in order
                java.util.ArrayDeque<java.util.concurrent.Future<byte[]>> inFlight = new java.util.ArrayDeque<>();
                for (int from = 0; from < t.n; from += WRITE_BLOCK) {
                    int a = from;
                    int b = Math.min(t.n, from + WRITE_BLOCK);
                    if (pool == null) {
                        os.write(format(t, f, a, b));
                        continue;
                    }
                    inFlight.add(pool.submit(() -> format(t, f, a, b)));
                    if (inFlight.size() > 2 * threads) {
                        os.write(take(inFlight.poll()));
                    }
                }
                while (!inFlight.isEmpty()) {
                    os.write(take(inFlight.poll()));
                }
                os.flush();
            });
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private static byte[] take(java.util.concurrent.Future<byte[]> f) throws java.io.IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.riskbench.core.CancelledException();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new java.io.IOException(e.getCause());
        }
    }

    /** Rows {@code [from, to)} as UTF-8 CSV lines. */
    private static byte[] format(Table t, double[][] f, int from, int to) {
        StringBuilder sb = new StringBuilder((to - from) * 300);
        for (int r = from; r < to; r++) {
            sb.append(r + 1).append(',').append(t.line[r]).append(',');
            quote(sb, t.customers.values.get(t.customer[r])).append(',');
            sb.append(LocalDate.ofEpochDay(t.day[r])).append(',');
            number(sb, t.amount[r]).append(',');
            quote(sb, t.operations.values.get(t.operation[r])).append(',');
            quote(sb, t.sectors.values.get(t.sector[r])).append(',');
            sb.append(t.cash[r]);
            if (t.hasChannel) {
                quote(sb.append(','), t.channels.values.get(t.channel[r]));
            }
            if (t.hasLabel) {
                quote(sb.append(','), t.labels.values.get(t.label[r]));
            }
            for (double[] col : f) {
                number(sb.append(','), col[r]);
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder number(StringBuilder sb, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return sb.append((long) v);
        }
        return sb.append(v);
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        boolean q = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        if (!q) {
            return sb.append(s);
        }
        return sb.append('"').append(s.replace("\"", "\"\"")).append('"');
    }

    static Map<String, Object> summary(Table t, double[][] f, EnrichmentConfig config) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rows_enriched", t.n);
        s.put("rows_skipped", t.skippedCount);
        s.put("customers", t.customers.values.size());
        int minDay = Integer.MAX_VALUE;
        int maxDay = Integer.MIN_VALUE;
        double total = 0;
        for (int i = 0; i < t.n; i++) {
            minDay = Math.min(minDay, t.day[i]);
            maxDay = Math.max(maxDay, t.day[i]);
            total += t.amount[i];
        }
        s.put("date_min", t.n == 0 ? null : LocalDate.ofEpochDay(minDay).toString());
        s.put("date_max", t.n == 0 ? null : LocalDate.ofEpochDay(maxDay).toString());
        s.put("amount_total", total);
        s.put("above_threshold_rows", count(f[FEATURES.indexOf("above_threshold")]));
        s.put("just_below_threshold_rows", count(f[FEATURES.indexOf("just_below_threshold")]));
        s.put("cash_rows", count(f[FEATURES.indexOf("is_cash")]));
        s.put("cash_above_limit_rows", count(f[FEATURES.indexOf("cash_above_limit")]));
        s.put("features", FEATURES);
        s.put("cash_limit", config.cashLimit());
        s.put("default_threshold", config.defaultThreshold());
        if (t.hasLabel) {
            Map<String, Long> labels = new LinkedHashMap<>();
            for (int i = 0; i < t.n; i++) {
                labels.merge(t.labels.values.get(t.label[i]), 1L, Long::sum);
            }
            s.put("labels", labels);
        }
        return s;
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
