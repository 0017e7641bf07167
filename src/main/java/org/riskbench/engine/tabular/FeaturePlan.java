package org.riskbench.engine.tabular;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.riskbench.engine.intake.ColumnType;

/**
 * How the input columns of a table become the learners' matrix, learnt from the training rows (never from the label):
 * <ul>
 * <li>numbers are standardised with the training mean and standard deviation; a missing value becomes the mean
 *     (0 after standardising) and, when the training rows had missing values, a {@code <name>_missing} 0/1 column
 *     says so;</li>
 * <li>categories (and booleans, and text) are one-hot encoded over the levels seen at least {@link #MIN_LEVEL_ROWS}
 *     times (at most {@link #MAX_LEVELS}, the most frequent); rarer levels share {@code <name>=(other)}, a missing
 *     value {@code <name>=(missing)}; a level never seen in training counts as other;</li>
 * <li>dates are split into year, month, day of month and day of week (and hour for date-times), standardised;</li>
 * <li>constant columns, empty columns and id-like columns (a distinct value on nearly every row, or a name such as
 *     {@code id} or {@code customer_id} with a distinct value per row) are dropped, each with a warning.</li>
 * </ul>
 *
 * @param features the kept input columns, in order
 * @param columns  the matrix's column names, in order
 */
public record FeaturePlan(List<Feature> features, List<String> columns) {
    static final int MIN_LEVEL_ROWS = 10;
    static final int MAX_LEVELS = 50;
    static final String OTHER = "(other)";
    static final String MISSING = "(missing)";
    private static final Pattern ID_NAME = Pattern.compile("(?i)(id|.*[_ ]id|id[_ ].*|.*uuid|.*guid|.*_key|row_?n(um(ber)?)?|index)");

    /**
     * One kept input column.
     *
     * @param name        the input column
     * @param kind        numeric, category or date
     * @param format      for a date its intake format; for a number written with decimal commas {@code decimal_comma}
     * @param mean        numeric: the mean; date: per part
     * @param scale       the standard deviations (1 for a constant)
     * @param missingFlag whether a {@code _missing} column follows (numeric, date)
     * @param levels      category: the one-hot levels, {@code (other)} and {@code (missing)} included when present
     * @param parts       date: the parts, in order
     */
    public record Feature(String name, String kind, String format, double[] mean, double[] scale, boolean missingFlag,
                          List<String> levels, List<String> parts) {
        int width() {
            return switch (kind) {
                case "numeric" -> 1 + (missingFlag ? 1 : 0);
                case "date" -> parts.size() + (missingFlag ? 1 : 0);
                default -> levels.size();
            };
        }
    }

    /** The type the intake inferred and its format, per column. */
    public record ColumnInfo(ColumnType type, String format) {
    }

    /**
     * Learns the plan from {@code frame} over {@code candidates} (the columns the user chose, label excluded);
     * {@code info}: the intake's types (a column not in it: numeric when the frame holds numbers, else category).
     */
    public static FeaturePlan fit(Frame frame, List<String> candidates, Map<String, ColumnInfo> info, List<String> warnings) {
        List<Feature> features = new ArrayList<>();
        int n = frame.rows();
        for (String name : candidates) {
            ColumnInfo ci = info.get(name);
            ColumnType type = ci != null ? ci.type() : frame.isNumber(name) ? ColumnType.DECIMAL : ColumnType.CATEGORY;
            String format = ci == null ? null : ci.format();
            if (type == ColumnType.EMPTY) {
                warnings.add("column '" + name + "' dropped: every value is missing");
                continue;
            }
            boolean numeric = (type == ColumnType.INTEGER || type == ColumnType.DECIMAL);
            boolean date = type == ColumnType.DATE || type == ColumnType.DATETIME;
            if (numeric) {
                double[] v = numbers(frame, name, format);
                Stats s = stats(v);
                if (s.distinct <= 1) {
                    warnings.add("column '" + name + "' dropped: it is constant");
                    continue;
                }
                if (type == ColumnType.INTEGER && n >= 20 && s.distinct == s.count && (ID_NAME.matcher(name).matches() || s.consecutive)) {
                    warnings.add("column '" + name + "' dropped: it looks like an id (a distinct integer on every row)");
                    continue;
                }
                features.add(new Feature(name, "numeric", format, new double[] {s.mean}, new double[] {s.scale}, s.missing > 0,
                        List.of(), List.of()));
            } else if (date) {
                List<String> parts = new ArrayList<>(List.of("year", "month", "day", "weekday"));
                if (type == ColumnType.DATETIME) {
                    parts.add("hour");
                }
                double[][] p = dateParts(frame, name, format, parts.size());
                double[] mean = new double[parts.size()];
                double[] scale = new double[parts.size()];
                boolean any = false;
                long missing = 0;
                List<String> kept = new ArrayList<>();
                List<Double> km = new ArrayList<>();
                List<Double> ks = new ArrayList<>();
                for (int k = 0; k < parts.size(); k++) {
                    Stats s = stats(p[k]);
                    missing = s.missing;
                    mean[k] = s.mean;
                    scale[k] = s.scale;
                    if (s.distinct > 1) {
                        any = true;
                        kept.add(parts.get(k));
                        km.add(s.mean);
                        ks.add(s.scale);
                    }
                }
                if (!any) {
                    warnings.add("column '" + name + "' dropped: every date is the same");
                    continue;
                }
                features.add(new Feature(name, "date", format, km.stream().mapToDouble(Double::doubleValue).toArray(),
                        ks.stream().mapToDouble(Double::doubleValue).toArray(), missing > 0, List.of(), List.copyOf(kept)));
            } else {
                Feature f = category(frame, name, warnings);
                if (f != null) {
                    features.add(f);
                }
            }
        }
        return of(features);
    }

    private static FeaturePlan of(List<Feature> features) {
        List<String> cols = new ArrayList<>();
        for (Feature f : features) {
            switch (f.kind()) {
                case "numeric" -> cols.add(f.name());
                case "date" -> f.parts().forEach(p -> cols.add(f.name() + "_" + p));
                default -> f.levels().forEach(l -> cols.add(f.name() + "=" + l));
            }
            if (!f.kind().equals("category") && f.missingFlag()) {
                cols.add(f.name() + "_missing");
            }
        }
        return new FeaturePlan(features, cols);
    }

    private static Feature category(Frame frame, String name, List<String> warnings) {
        int n = frame.rows();
        long[] count;
        List<String> dict;
        long missing = 0;
        if (frame.isNumber(name)) { // a number column the intake calls a category (a few codes): its values as text
            return null;
        }
        int[] codes = frame.codes(name);
        dict = frame.dictionary(name);
        count = new long[dict.size()];
        for (int c : codes) {
            if (c < 0) {
                missing++;
            } else {
                count[c]++;
            }
        }
        long present = n - missing;
        int distinct = 0;
        for (long c : count) {
            distinct += c > 0 ? 1 : 0;
        }
        if (distinct <= 1) {
            warnings.add("column '" + name + "' dropped: it is constant");
            return null;
        }
        if (n >= 20 && (distinct >= 0.9 * present || (ID_NAME.matcher(name).matches() && distinct == present))) {
            warnings.add("column '" + name + "' dropped: it looks like an id (" + distinct + " distinct values in " + present + " rows)");
            return null;
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < count.length; c++) {
            if (count[c] > 0) {
                order.add(c);
            }
        }
        order.sort(Comparator.<Integer>comparingLong(c -> -count[c]).thenComparing(dict::get));
        List<String> levels = new ArrayList<>();
        long grouped = 0;
        int groupedLevels = 0;
        for (int c : order) {
            if (levels.size() < MAX_LEVELS && count[c] >= Math.min(MIN_LEVEL_ROWS, Math.max(1, present / 20))) {
                levels.add(dict.get(c));
            } else {
                grouped += count[c];
                groupedLevels++;
            }
        }
        levels.sort(Comparator.naturalOrder());
        if (grouped > 0 || levels.size() < distinct) {
            levels.add(OTHER);
            warnings.add(String.format(Locale.ROOT, "column '%s': %d rare levels (%d rows) grouped as %s", name, groupedLevels, grouped, OTHER));
        }
        if (missing > 0) {
            levels.add(MISSING);
        }
        return new Feature(name, "category", null, new double[0], new double[0], false, List.copyOf(levels), List.of());
    }

    private record Stats(long count, long missing, long distinct, double mean, double scale, boolean consecutive) {
    }

    private static Stats stats(double[] v) {
        long count = 0;
        double sum = 0;
        for (double a : v) {
            if (Double.isFinite(a)) {
                count++;
                sum += a;
            }
        }
        double mean = count == 0 ? 0 : sum / count;
        double ss = 0;
        for (double a : v) {
            if (Double.isFinite(a)) {
                ss += (a - mean) * (a - mean);
            }
        }
        double sd = count == 0 ? 0 : Math.sqrt(ss / count);
        double[] sorted = java.util.Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        long distinct = 0;
        boolean consecutive = sorted.length > 1;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                distinct++;
            }
            if (i > 0 && sorted[i] - sorted[i - 1] != 1) {
                consecutive = false;
            }
        }
        return new Stats(count, v.length - count, distinct, mean, sd > 1e-12 ? sd : 1, consecutive);
    }

    /** A numeric column's values; a number column the reader kept as text (decimal commas) parsed here. */
    static double[] numbers(Frame frame, String name, String format) {
        if (!frame.has(name)) {
            return null;
        }
        if (frame.isNumber(name)) {
            return frame.numbers(name);
        }
        List<String> dict = frame.dictionary(name);
        double[] parsed = new double[dict.size()];
        for (int k = 0; k < parsed.length; k++) {
            parsed[k] = parseNumber(dict.get(k), "decimal_comma".equals(format));
        }
        int[] codes = frame.codes(name);
        double[] out = new double[codes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = codes[i] < 0 ? Double.NaN : parsed[codes[i]];
        }
        return out;
    }

    static double parseNumber(String s, boolean decimalComma) {
        String t = s.trim();
        if (decimalComma) {
            t = t.replace(".", "").replace(',', '.');
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Per part, each row's value (NaN when missing or unreadable). */
    static double[][] dateParts(Frame frame, String name, String format, int parts) {
        int n = frame.rows();
        double[][] out = new double[parts][n];
        if (!frame.has(name) || frame.isNumber(name)) {
            for (double[] o : out) {
                java.util.Arrays.fill(o, Double.NaN);
            }
            return out;
        }
        List<String> dict = frame.dictionary(name);
        double[][] parsed = new double[dict.size()][];
        for (int k = 0; k < parsed.length; k++) {
            parsed[k] = parseDate(dict.get(k), format, parts);
        }
        int[] codes = frame.codes(name);
        for (int i = 0; i < n; i++) {
            double[] d = codes[i] < 0 ? null : parsed[codes[i]];
            for (int k = 0; k < parts; k++) {
                out[k][i] = d == null ? Double.NaN : d[k];
            }
        }
        return out;
    }

    /** year, month, day, weekday (1 Monday .. 7), hour; null when unreadable. */
    static double[] parseDate(String s, String format, int parts) {
        String[] g = s.trim().split("[^0-9]+");
        if (g.length < 3) {
            return null;
        }
        try {
            int y;
            int m;
            int d;
            if (g[0].length() == 4) {
                y = Integer.parseInt(g[0]);
                m = Integer.parseInt(g[1]);
                d = Integer.parseInt(g[2]);
            } else if (format != null && format.startsWith("MM")) {
                m = Integer.parseInt(g[0]);
                d = Integer.parseInt(g[1]);
                y = Integer.parseInt(g[2]);
            } else {
                d = Integer.parseInt(g[0]);
                m = Integer.parseInt(g[1]);
                y = Integer.parseInt(g[2]);
            }
            LocalDate date = LocalDate.of(y, m, d);
            double[] out = new double[parts];
            out[0] = y;
            out[1] = m;
            out[2] = d;
            out[3] = date.getDayOfWeek().getValue();
            if (parts > 4) {
                out[4] = g.length > 3 ? Integer.parseInt(g[3]) : 0;
            }
            return out;
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }

    /** What aligning a table to the plan found: missing input columns and unseen levels, as warnings. */
    public record Aligned(double[][] x, List<String> warnings) {
    }

    /** The matrix of {@code frame} (row-major, every value finite), with warnings about what did not match. */
    public Aligned transform(Frame frame) {
        Encoder e = encoder(frame);
        double[][] x = new double[frame.rows()][columns.size()];
        e.fill(0, frame.rows(), x);
        return new Aligned(x, e.warnings());
    }

    /**
     * The plan bound to {@code frame}: every lookup by column name, level or date text is done here, once per column
     * or per distinct value, so filling rows is plain array reads and the warnings cover the whole table.
     */
    public Encoder encoder(Frame frame) {
        List<String> warnings = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        int at = 0;
        for (Feature f : features) {
            if (!frame.has(f.name())) {
                warnings.add("column '" + f.name() + "' is missing: every row treated as a missing value");
            }
            sources.add(switch (f.kind()) {
                case "numeric" -> new NumberSource(at, numbers(frame, f.name(), f.format()), f.mean()[0], f.scale()[0], f.missingFlag());
                case "date" -> dateSource(frame, f, at);
                default -> categorySource(frame, f, at, warnings);
            });
            at += f.width();
        }
        return new Encoder(sources, columns.size(), List.copyOf(warnings));
    }

    /** Fills matrix rows from one input column. */
    private interface Source {
        /** Writes this column's matrix cells of rows {@code from..to} into {@code x[0..to-from)}. */
        void fill(int from, int to, double[][] x);
    }

    /** A number, standardised (missing: 0), and its missing flag after it when the plan has one. */
    private record NumberSource(int at, double[] values, double mean, double scale, boolean flag) implements Source {
        @Override
        public void fill(int from, int to, double[][] x) {
            for (int i = from; i < to; i++) {
                double a = values == null ? Double.NaN : values[i];
                boolean miss = !Double.isFinite(a);
                double[] row = x[i - from];
                row[at] = miss ? 0 : (a - mean) / scale;
                if (flag) {
                    row[at + 1] = miss ? 1 : 0;
                }
            }
        }
    }

    /** Cells of a text column by its code (-1 missing): each distinct value's cells computed once. */
    private record CodedSource(int at, int[] codes, double[][] byCode, double[] missing) implements Source {
        @Override
        public void fill(int from, int to, double[][] x) {
            int width = missing.length;
            for (int i = from; i < to; i++) {
                int c = codes == null ? -1 : codes[i];
                System.arraycopy(c < 0 ? missing : byCode[c], 0, x[i - from], at, width);
            }
        }
    }

    /** A date's kept parts, standardised (unreadable or missing: 0 and the flag). */
    private static Source dateSource(Frame frame, Feature f, int at) {
        List<String> all = List.of("year", "month", "day", "weekday", "hour");
        int kept = f.parts().size();
        int width = f.width();
        double[] missing = new double[width];
        if (f.missingFlag()) {
            missing[kept] = 1;
        }
        if (!frame.has(f.name()) || frame.isNumber(f.name())) {
            return new CodedSource(at, null, new double[0][], missing);
        }
        List<String> dict = frame.dictionary(f.name());
        double[][] byCode = new double[dict.size()][];
        for (int c = 0; c < byCode.length; c++) {
            double[] d = parseDate(dict.get(c), f.format(), all.size());
            if (d == null) {
                byCode[c] = missing;
                continue;
            }
            double[] cells = new double[width];
            for (int k = 0; k < kept; k++) {
                cells[k] = (d[all.indexOf(f.parts().get(k))] - f.mean()[k]) / f.scale()[k];
            }
            byCode[c] = cells;
        }
        return new CodedSource(at, frame.codes(f.name()), byCode, missing);
    }

    /** One-hot over the plan's levels: an unseen level counts as other (warned), a missing value as missing. */
    private static Source categorySource(Frame frame, Feature f, int at, List<String> warnings) {
        int width = f.levels().size();
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < width; k++) {
            index.put(f.levels().get(k), k);
        }
        Integer other = index.get(OTHER);
        Integer missingLevel = index.get(MISSING);
        double[] missing = new double[width];
        if (missingLevel != null) {
            missing[missingLevel] = 1;
        }
        if (!frame.has(f.name())) {
            return new CodedSource(at, null, new double[0][], missing);
        }
        int n = frame.rows();
        int[] codes;
        List<String> dict;
        if (frame.isNumber(f.name())) { // read as numbers here, as text in training: compare the text
            double[] v = frame.numbers(f.name());
            codes = new int[n];
            LinkedHashMap<String, Integer> seen = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                codes[i] = Double.isNaN(v[i]) ? -1 : seen.computeIfAbsent(frame.text(f.name(), i), k -> seen.size());
            }
            dict = new ArrayList<>(seen.keySet());
        } else {
            codes = frame.codes(f.name());
            dict = frame.dictionary(f.name());
        }
        double[][] byCode = new double[dict.size()][];
        boolean[] isUnseen = new boolean[dict.size()];
        double[] asOther = new double[width];
        if (other != null) {
            asOther[other] = 1;
        }
        for (int c = 0; c < byCode.length; c++) {
            Integer l = index.get(dict.get(c));
            if (l == null || l.equals(other) || l.equals(missingLevel)) {
                byCode[c] = asOther;
                // a level that training grouped as other is not news; one it never saw is
                isUnseen[c] = l == null;
            } else {
                byCode[c] = new double[width];
                byCode[c][l] = 1;
            }
        }
        long unseen = 0;
        List<String> unseenLevels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = codes[i];
            if (c >= 0 && isUnseen[c]) {
                unseen++;
                if (unseenLevels.size() < 5 && !unseenLevels.contains(dict.get(c))) {
                    unseenLevels.add(dict.get(c));
                }
            }
        }
        if (unseen > 0) {
            warnings.add("column '" + f.name() + "': " + unseen + " rows have levels not seen in training " + unseenLevels
                    + (other != null ? ", scored as " + OTHER : ", scored as no level"));
        }
        return new CodedSource(at, codes, byCode, missing);
    }

    /** A plan bound to one table's columns ({@link #encoder(Frame)}); immutable, so threads may share it. */
    public static final class Encoder {
        private final List<Source> sources;
        private final int width;
        private final List<String> warnings;

        private Encoder(List<Source> sources, int width, List<String> warnings) {
            this.sources = sources;
            this.width = width;
            this.warnings = warnings;
        }

        /** Matrix columns per row. */
        public int width() {
            return width;
        }

        /** What did not match the plan: missing columns, unseen levels (with their row counts over the whole table). */
        public List<String> warnings() {
            return warnings;
        }

        /** Writes every matrix cell of rows {@code from..to} into {@code x[0..to-from)} (rows of {@link #width()} or more). */
        public void fill(int from, int to, double[][] x) {
            for (Source s : sources) {
                s.fill(from, to, x);
            }
        }
    }

    /** The matrix columns each input column produced, for permutation importance: input name -> column indices. */
    public Map<String, int[]> groups() {
        Map<String, int[]> out = new LinkedHashMap<>();
        int at = 0;
        for (Feature f : features) {
            int w = f.width();
            int[] idx = new int[w];
            for (int k = 0; k < w; k++) {
                idx[k] = at + k;
            }
            out.put(f.name(), idx);
            at += w;
        }
        return out;
    }
}
