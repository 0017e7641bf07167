package org.riskbench.engine.acceptance;

/** Small order-statistics helpers of the acceptance spec ("Definitions"). */
final class Stats {
    private Stats() {
    }

    /** Nearest-rank p95 ({@code ceil(0.95 n) - 1} of the sorted values; 0 when empty). Reorders {@code a}. */
    static double p95InPlace(double[] a) {
        int n = a.length;
        if (n == 0) {
            return 0.0;
        }
        return select(a, (int) Math.ceil(0.95 * n) - 1);
    }

    /**
     * The k-th smallest value (k from 0) by Hoare's quickselect with median-of-three pivots, O(n) on
     * average; reorders {@code a}. Values must not be NaN.
     */
    static double select(double[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // median of three into a[mid]
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
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
