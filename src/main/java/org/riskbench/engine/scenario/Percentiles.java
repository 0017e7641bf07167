package org.riskbench.engine.scenario;

import java.util.Arrays;

/**
 * Percentiles by linear interpolation between order statistics, the definition of numpy's default
 * {@code percentile(..., method="linear")} (Hyndman and Fan type 7): for sorted values {@code v[0..n-1]} and
 * {@code q} in [0, 1], {@code h = (n - 1) q}, {@code k = floor(h)}, result {@code v[k] + (h - k) (v[k+1] - v[k])}.
 *
 * <p>Order statistics come from an in-place selection (Hoare's FIND / quickselect with median-of-three pivots,
 * falling back to a sort of the remaining range if partitioning degenerates), O(n) on average instead of the
 * O(n log n) of a full sort. The array is permuted.
 */
public final class Percentiles {
    private Percentiles() {
    }

    /**
     * Percentiles {@code qs} (ascending, each in [0, 1]) of {@code a[0..n-1]}, written to {@code out}. Permutes
     * {@code a}. Allocates nothing.
     */
    public static void of(double[] a, int n, double[] qs, double[] out) {
        if (n <= 0) {
            throw new IllegalArgumentException("no values");
        }
        int from = 0;
        int lastK = -1;
        double lastV = Double.NaN;
        for (int i = 0; i < qs.length; i++) {
            double q = qs[i];
            if (!(q >= 0 && q <= 1) || (i > 0 && q < qs[i - 1])) {
                throw new IllegalArgumentException("percentiles must be ascending in [0, 1]");
            }
            double h = (n - 1) * q;
            int k = (int) Math.floor(h);
            double frac = h - k;
            double v;
            if (k == lastK) {
                v = lastV;
            } else {
                select(a, from, n - 1, k);
                v = a[k];
                from = k + 1;
                lastK = k;
                lastV = v;
            }
            if (frac > 0 && k + 1 < n) {
                double next = a[k + 1];
                for (int j = k + 2; j < n; j++) {
                    if (a[j] < next) {
                        next = a[j];
                    }
                }
                out[i] = v + frac * (next - v);
            } else {
                out[i] = v;
            }
        }
    }

    /** One percentile of {@code a[0..n-1]} (permutes {@code a}). */
    public static double of(double[] a, int n, double q) {
        double[] out = new double[1];
        of(a, n, new double[] {q}, out);
        return out[0];
    }

    /**
     * Rearranges {@code a[lo..hi]} so that {@code a[k]} holds the value a sort would put there, with no larger value
     * before it and no smaller one after it.
     */
    static void select(double[] a, int lo, int hi, int k) {
        int budget = 2 * (64 - Long.numberOfLeadingZeros(hi - lo + 1L)) + 8;
        while (hi > lo) {
            if (hi - lo < 16 || budget-- == 0) {
                Arrays.sort(a, lo, hi + 1);
                return;
            }
            int mid = (lo + hi) >>> 1;
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            double pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return; // j < k < i: a[k] equals the pivot
            }
        }
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
