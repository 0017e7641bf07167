package org.riskbench.engine.learning;

import java.util.Arrays;

/**
 * Histogram binning of a row-major matrix, shared by the tree learners: per feature up to {@code bins - 1}
 * quantile cut points computed once (the histogram approach of LightGBM and scikit-learn's
 * HistGradientBoosting), and each value's bin as an unsigned byte, column-major. A value {@code v} is in bin
 * {@code b} when {@code cuts[b - 1] < v <= cuts[b]}, so a split "bin <= b" is the real-valued test
 * {@code x <= cuts[b]} a tree stores for prediction.
 *
 * @param cuts per feature, the ascending cut points
 * @param bin  per feature, each row's bin (read with {@code & 0xFF})
 */
public record Bins(double[][] cuts, byte[][] bin) {
    public static final int MAX_BINS = 256;

    public static Bins of(double[][] x, int bins) {
        if (bins < 2 || bins > MAX_BINS) {
            throw new IllegalArgumentException("bins must be 2.." + MAX_BINS + ", got " + bins);
        }
        int n = x.length;
        int p = x[0].length;
        double[][] cuts = new double[p][];
        byte[][] bin = new byte[p][n];
        double[] col = new double[n];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                col[i] = x[i][j];
            }
            double[] sorted = col.clone();
            Arrays.sort(sorted);
            double[] c = new double[bins - 1];
            int m = 0;
            for (int b = 1; b < bins; b++) {
                double q = sorted[Math.min(n - 1, (int) ((long) b * n / bins))];
                if (m == 0 || q > c[m - 1]) {
                    c[m++] = q;
                }
            }
            // the top cut must leave something on the right, or it is useless
            if (m > 0 && c[m - 1] >= sorted[n - 1]) {
                m--;
            }
            cuts[j] = Arrays.copyOf(c, m);
            for (int i = 0; i < n; i++) {
                int k = Arrays.binarySearch(cuts[j], col[i]);
                bin[j][i] = (byte) (k >= 0 ? k : -k - 1);
            }
        }
        return new Bins(cuts, bin);
    }

    /** Bins of feature {@code j}: its cut points plus one. */
    public int count(int j) {
        return cuts[j].length + 1;
    }
}
