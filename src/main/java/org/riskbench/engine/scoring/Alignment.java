package org.riskbench.engine.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.riskbench.core.InputException;

/**
 * Turns a table into the model's matrix (docs/spec/inference.md section 3). Numeric columns: missing values get the
 * batch median (0 when the whole column is missing), +-inf and NaN are treated as missing. Categorical
 * columns are one-hot encoded against the levels seen in training; an unseen level is all zeros. The
 * output columns are exactly {@link #columns()}, which the model bundle saves: the bundle, not the code,
 * owns that list. Columns of the input that the model does not use are ignored.
 *
 * @param numeric     numeric input columns, in order
 * @param categorical categorical input columns with their training levels, in order
 * @param columns     the output column list: numeric names, then {@code name=level} per category level
 */
public record Alignment(List<String> numeric, Map<String, List<String>> categorical, List<String> columns) {
    public Alignment {
        numeric = List.copyOf(numeric);
        categorical = new java.util.LinkedHashMap<>(categorical);
        columns = List.copyOf(columns);
    }

    /** Learns the levels of each categorical column from the training table. */
    public static Alignment fit(Table t, List<String> numeric, List<String> categorical) {
        Map<String, List<String>> levels = new java.util.LinkedHashMap<>();
        List<String> cols = new ArrayList<>(numeric);
        for (String c : categorical) {
            TreeSet<String> seen = new TreeSet<>();
            for (String v : t.column(c)) {
                if (!Table.isMissing(v)) {
                    seen.add(v.trim());
                }
            }
            levels.put(c, List.copyOf(seen));
            for (String l : seen) {
                cols.add(c + "=" + l);
            }
        }
        return new Alignment(numeric, levels, cols);
    }

    /** The aligned matrix, row-major: rows x {@code columns().size()}, every value finite. */
    public double[][] transform(Table t) {
        int n = t.rows();
        int p = columns.size();
        double[][] x = new double[n][p];
        for (int j = 0; j < numeric.size(); j++) {
            String name = numeric.get(j);
            double[] v = t.has(name) ? t.numeric(name) : new double[n];
            if (!t.has(name)) {
                Arrays.fill(v, Double.NaN);
            }
            double fill = median(v);
            for (int i = 0; i < n; i++) {
                double a = v[i];
                x[i][j] = Double.isFinite(a) ? a : fill;
            }
        }
        int offset = numeric.size();
        for (Map.Entry<String, List<String>> e : categorical.entrySet()) {
            List<String> levels = e.getValue();
            if (t.has(e.getKey())) {
                Map<String, Integer> index = new java.util.HashMap<>();
                for (int k = 0; k < levels.size(); k++) {
                    index.put(levels.get(k), k);
                }
                String[] v = t.column(e.getKey());
                for (int i = 0; i < n; i++) {
                    Integer k = v[i] == null ? null : index.get(v[i].trim());
                    if (k != null) {
                        x[i][offset + k] = 1;
                    }
                }
            }
            offset += levels.size();
        }
        return x;
    }

    /** Median of the finite values; 0 when there are none. */
    static double median(double[] v) {
        double[] f = new double[v.length];
        int m = 0;
        for (double a : v) {
            if (Double.isFinite(a)) {
                f[m++] = a;
            }
        }
        if (m == 0) {
            return 0;
        }
        Arrays.sort(f, 0, m);
        return m % 2 == 1 ? f[m / 2] : (f[m / 2 - 1] + f[m / 2]) / 2;
    }

    /** Checks a saved column list against this alignment (a corrupt bundle must not score silently). */
    public void verify(List<String> saved) {
        if (!columns.equals(saved)) {
            throw new InputException("the model's saved column list does not match its alignment; the bundle is corrupt");
        }
    }
}
