package org.riskbench.engine.acceptance;

/**
 * A rolling window of the most recent {@code capacity} values (oldest dropped first) that answers
 * order statistics in O(1): a ring buffer in arrival order beside a sorted copy kept up to date by
 * binary search and one {@link System#arraycopy} per push (O(log n + distance moved)). Hand-written
 * because no library on the classpath keeps a sorted sliding window without allocation.
 *
 * <p>Values must not be NaN; -0.0 is stored as 0.0 so that {@code <} is a total order. Not
 * thread-safe: one instance belongs to one replay.
 */
final class RollingOrderStatistics {

    private final double[] ring;
    private final double[] sorted;
    private int head; // index of the oldest value when full
    private int size;
    private final boolean trackSum;
    private double sum;
    private int pushesSinceResum;

    RollingOrderStatistics(int capacity) {
        this(capacity, false);
    }

    /** @param trackSum keep a running sum for {@link #mean()} (values must then be finite) */
    RollingOrderStatistics(int capacity, boolean trackSum) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        ring = new double[capacity];
        sorted = new double[capacity];
        this.trackSum = trackSum;
    }

    int size() {
        return size;
    }

    int capacity() {
        return ring.length;
    }

    void push(double value) {
        double x = value + 0.0; // -0.0 -> 0.0
        int cap = ring.length;
        if (size < cap) {
            ring[(head + size) % cap] = x;
            int pos = upperBound(x, 0, size);
            System.arraycopy(sorted, pos, sorted, pos + 1, size - pos);
            sorted[pos] = x;
            size++;
            sum += x;
        } else {
            double old = ring[head];
            ring[head] = x;
            head = head + 1 == cap ? 0 : head + 1;
            int i = indexOf(old);
            if (x > old) {
                // slide the elements in (i, p) one step left, x goes to p - 1
                int p = lowerBound(x, i + 1, size);
                System.arraycopy(sorted, i + 1, sorted, i, p - i - 1);
                sorted[p - 1] = x;
            } else if (x < old) {
                int p = upperBound(x, 0, i);
                System.arraycopy(sorted, p, sorted, p + 1, i - p);
                sorted[p] = x;
            }
            if (trackSum) {
                sum += x - old;
                if (++pushesSinceResum >= cap) {
                    resum();
                }
            }
        }
    }

    /**
     * Sum of the window (only with {@code trackSum}); a running sum, re-added oldest to newest every
     * {@code capacity} pushes so rounding drift stays within a few ulps of a direct sum.
     */
    double sum() {
        return sum;
    }

    double mean() {
        return size == 0 ? 0.0 : sum / size;
    }

    /** The k-th smallest value, k from 1. */
    double kth(int k) {
        return sorted[k - 1];
    }

    /** Nearest-rank p95: index {@code ceil(0.95 n) - 1} of the sorted values; 0 when empty. */
    double p95() {
        return size == 0 ? 0.0 : sorted[(int) Math.ceil(0.95 * size) - 1];
    }

    /**
     * Conformal quantile at level {@code 1 - a}: {@code k = ceil((n + 1)(1 - a))}; +infinity when empty,
     * the largest value when {@code k > n}, else the k-th smallest (k is at least 1).
     */
    double conformalQuantile(double a) {
        if (size == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double k = Math.ceil((size + 1) * (1 - a));
        if (k > size) {
            return sorted[size - 1];
        }
        return sorted[Math.max(1, (int) k) - 1];
    }

    /** Sum of the values oldest to newest, to bound the running sum's rounding drift. */
    private void resum() {
        double s = 0;
        int cap = ring.length;
        for (int j = 0; j < size; j++) {
            s += ring[(head + j) % cap];
        }
        sum = s;
        pushesSinceResum = 0;
    }

    private int indexOf(double v) {
        int lo = lowerBound(v, 0, size);
        if (lo >= size || sorted[lo] != v) {
            throw new IllegalStateException("rolling window out of order");
        }
        return lo;
    }

    /**
     * First index in [from, to) whose value is >= v (to if none). Branch-free halving (the loop body
     * compiles to a conditional move), since a mispredicted branch per level dominates the cost.
     */
    private int lowerBound(double v, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return from;
        }
        int base = from;
        while (n > 1) {
            int half = n >>> 1;
            base = sorted[base + half] < v ? base + half : base;
            n -= half;
        }
        return sorted[base] < v ? base + 1 : base;
    }

    /** First index in [from, to) whose value is > v (to if none); branch-free like {@link #lowerBound}. */
    private int upperBound(double v, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return from;
        }
        int base = from;
        while (n > 1) {
            int half = n >>> 1;
            base = sorted[base + half] <= v ? base + half : base;
            n -= half;
        }
        return sorted[base] <= v ? base + 1 : base;
    }
}
