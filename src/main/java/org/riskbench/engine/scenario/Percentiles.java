package org.riskbench.engine.scenario;

/**
 * Percentiles by linear interpolation between order statistics, the definition of numpy's default
 * {@code percentile(..., method="linear")} (Hyndman and Fan type 7): for sorted values {@code v[0..n-1]} and
 * {@code q} in [0, 1], {@code h = (n - 1) q}, {@code k = floor(h)}, result {@code v[k] + (h - k) (v[k+1] - v[k])}.
 *
 * <p>Order statistics come from in-place selection, O(n) on average instead of the O(n log n) of a full sort:
 * Floyd and Rivest's SELECT (CACM 18(3), 1975, Algorithm 489), which narrows the range around rank k from a
 * recursive selection in a small sample, so it makes about {@code n + min(k, n - k)} comparisons where
 * quickselect makes about 3n. Several ranks are selected middle-first, each within the part that the ranks
 * already placed bound. The array is permuted.
 */
public final class Percentiles {
    /** Below this range size Floyd-Rivest skips the sampling step (their constant). */
    private static final int SAMPLE_ABOVE = 600;

    private Percentiles() {
    }

    /**
     * Percentiles {@code qs} (ascending, each in [0, 1]) of {@code a[0..n-1]}, written to {@code out}. Permutes
     * {@code a}. Allocates only arrays of {@code qs.length}.
     */
    public static void of(double[] a, int n, double[] qs, double[] out) {
        if (n <= 0) {
            throw new IllegalArgumentException("no values");
        }
        int m = qs.length;
        int[] ranks = new int[m];
        for (int i = 0; i < m; i++) {
            double q = qs[i];
            if (!(q >= 0 && q <= 1) || (i > 0 && q < qs[i - 1])) {
                throw new IllegalArgumentException("percentiles must be ascending in [0, 1]");
            }
            ranks[i] = (int) Math.floor((n - 1) * q);
        }
        selectAll(a, 0, n - 1, ranks, 0, m - 1);
        for (int i = 0; i < m; i++) {
            int k = ranks[i];
            double frac = (n - 1) * qs[i] - k;
            if (frac > 0 && k + 1 < n) {
                // a[k+1..bound] holds values >= a[k], and bound is the next placed rank (or the end): its minimum
                // is the (k+1)-th smallest
                int bound = n - 1;
                for (int j = i + 1; j < m; j++) {
                    if (ranks[j] > k) {
                        bound = ranks[j];
                        break;
                    }
                }
                double next = a[k + 1];
                for (int j = k + 2; j <= bound; j++) {
                    if (a[j] < next) {
                        next = a[j];
                    }
                }
                out[i] = a[k] + frac * (next - a[k]);
            } else {
                out[i] = a[k];
            }
        }
    }

    /** One percentile of {@code a[0..n-1]} (permutes {@code a}). */
    public static double of(double[] a, int n, double q) {
        double[] out = new double[1];
        of(a, n, new double[] {q}, out);
        return out[0];
    }

    /** Places ranks {@code ranks[i0..i1]} (ascending), all within {@code [lo, hi]}: the middle one, then each side. */
    private static void selectAll(double[] a, int lo, int hi, int[] ranks, int i0, int i1) {
        if (i0 > i1 || lo > hi) {
            return;
        }
        int mid = (i0 + i1) >>> 1;
        int k = ranks[mid];
        select(a, lo, hi, k);
        int left = mid - 1;
        while (left >= i0 && ranks[left] == k) {
            left--;
        }
        int right = mid + 1;
        while (right <= i1 && ranks[right] == k) {
            right++;
        }
        selectAll(a, lo, k - 1, ranks, i0, left);
        selectAll(a, k + 1, hi, ranks, right, i1);
    }

    /**
     * Rearranges {@code a[lo..hi]} so that {@code a[k]} holds the value a sort would put there, with no larger value
     * before it and no smaller one after it (Floyd-Rivest SELECT).
     */
    static void select(double[] a, int lo, int hi, int k) {
        while (hi > lo) {
            if (hi - lo > SAMPLE_ABOVE) {
                // Select k within a sample-sized range around its expected place, so the partition below starts
                // from a pivot very close to the k-th value.
                double n = hi - lo + 1;
                double i = k - lo + 1;
                double z = Math.log(n);
                double s = 0.5 * Math.exp(2 * z / 3);
                double sd = 0.5 * Math.sqrt(z * s * (n - s) / n) * Math.signum(i - n / 2);
                int newLo = (int) Math.max(lo, Math.floor(k - i * s / n + sd));
                int newHi = (int) Math.min(hi, Math.floor(k + (n - i) * s / n + sd));
                select(a, newLo, newHi, k);
            }
            double t = a[k];
            int i = lo;
            int j = hi;
            swap(a, lo, k);
            if (a[hi] > t) {
                swap(a, hi, lo);
            }
            while (i < j) {
                swap(a, i, j);
                i++;
                j--;
                while (a[i] < t) {
                    i++;
                }
                while (a[j] > t) {
                    j--;
                }
            }
            if (a[lo] == t) {
                swap(a, lo, j);
            } else {
                j++;
                swap(a, j, hi);
            }
            if (j <= k) {
                lo = j + 1;
            }
            if (k <= j) {
                hi = j - 1;
            }
        }
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
