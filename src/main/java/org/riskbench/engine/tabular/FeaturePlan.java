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
        int n = frame.rows();
        int p = columns.size();
        double[][] x = new double[n][p];
        List<String> warnings = new ArrayList<>();
        int at = 0;
        for (Feature f : features) {
            if (!frame.has(f.name())) {
                warnings.add("column '" + f.name() + "' is missing: every row treated as a missing value");
            }
            switch (f.kind()) {
                case "numeric" -> {
                    double[] v = numbers(frame, f.name(), f.format());
                    for (int i = 0; i < n; i++) {
                        double a = v == null ? Double.NaN : v[i];
                        boolean miss = !Double.isFinite(a);
                        x[i][at] = miss ? 0 : (a - f.mean()[0]) / f.scale()[0];
                        if (f.missingFlag()) {
                            x[i][at + 1] = miss ? 1 : 0;
                        }
                    }
                }
                case "date" -> {
                    List<String> all = new ArrayList<>(List.of("year", "month", "day", "weekday", "hour"));
                    double[][] parts = dateParts(frame, f.name(), f.format(), 5);
                    for (int k = 0; k < f.parts().size(); k++) {
                        double[] v = parts[all.indexOf(f.parts().get(k))];
                        for (int i = 0; i < n; i++) {
                            x[i][at + k] = Double.isFinite(v[i]) ? (v[i] - f.mean()[k]) / f.scale()[k] : 0;
                        }
                    }
                    if (f.missingFlag()) {
                        double[] v = parts[0];
                        for (int i = 0; i < n; i++) {
                            x[i][at + f.parts().size()] = Double.isFinite(v[i]) ? 0 : 1;
                        }
                    }
                }
                default -> category(frame, f, x, at, warnings);
            }
            at += f.width();
        }
        return new Aligned(x, warnings);
    }

    private static void category(Frame frame, Feature f, double[][] x, int at, List<String> warnings) {
        int n = frame.rows();
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < f.levels().size(); k++) {
            index.put(f.levels().get(k), k);
        }
        Integer other = index.get(OTHER);
        Integer missing = index.get(MISSING);
        if (!frame.has(f.name())) {
            if (missing != null) {
                for (int i = 0; i < n; i++) {
                    x[i][at + missing] = 1;
                }
            }
            return;
        }
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
        int[] map = new int[dict.size()];
        long unseen = 0;
        List<String> unseenLevels = new ArrayList<>();
        boolean[] isUnseen = new boolean[dict.size()];
        for (int k = 0; k < map.length; k++) {
            Integer l = index.get(dict.get(k));
            if (l == null || l.equals(other) || l.equals(missing)) {
                map[k] = other == null ? -1 : other;
                // a level that training grouped as other is not news; one it never saw is
                isUnseen[k] = l == null;
            } else {
                map[k] = l;
            }
        }
        for (int i = 0; i < n; i++) {
            int c = codes[i];
            int col = c < 0 ? (missing == null ? -1 : missing) : map[c];
            if (c >= 0 && isUnseen[c]) {
                unseen++;
                if (unseenLevels.size() < 5 && !unseenLevels.contains(dict.get(c))) {
                    unseenLevels.add(dict.get(c));
                }
            }
            if (col >= 0) {
                x[i][at + col] = 1;
            }
        }
        if (unseen > 0) {
            warnings.add("column '" + f.name() + "': " + unseen + " rows have levels not seen in training " + unseenLevels
                    + (other != null ? ", scored as " + OTHER : ", scored as no level"));
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
