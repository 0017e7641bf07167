package org.riskbench.engine.pipeline;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/** Drift between a reference (training) sample and a live batch: PSI and the two-sample Kolmogorov-Smirnov test. */
public final class Drift {
    /** Floor of a bin share in PSI, so an empty bin does not give an infinite index. */
    static final double EPS = 1e-4;

    private Drift() {
    }

    /**
     * Population stability index over {@code bins} quantile bins of the reference:
     * {@code sum (a - e) ln(a / e)} with e the reference share and a the batch share of each bin.
     */
    public static double psi(double[] reference, double[] batch, int bins) {
        double[] ref = finite(reference);
        double[] cur = finite(batch);
        if (ref.length == 0 || cur.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(ref);
        double[] edges = new double[bins - 1];
        for (int i = 1; i < bins; i++) {
            edges[i - 1] = ref[Math.min(ref.length - 1, (int) Math.floor(i * ref.length / (double) bins))];
        }
        double[] e = shares(ref, edges);
        double[] a = shares(cur, edges);
        double s = 0;
        for (int i = 0; i < e.length; i++) {
            double ei = Math.max(e[i], EPS);
            double ai = Math.max(a[i], EPS);
            s += (ai - ei) * Math.log(ai / ei);
        }
        return s;
    }

    /** PSI over the categories of both samples. */
    public static double psiCategorical(String[] reference, String[] batch) {
        Map<String, double[]> counts = new TreeMap<>();
        for (String r : reference) {
            counts.computeIfAbsent(r, k -> new double[2])[0]++;
        }
        for (String b : batch) {
            counts.computeIfAbsent(b, k -> new double[2])[1]++;
        }
        double s = 0;
        for (double[] c : counts.values()) {
            double ei = Math.max(c[0] / reference.length, EPS);
            double ai = Math.max(c[1] / batch.length, EPS);
            s += (ai - ei) * Math.log(ai / ei);
        }
        return s;
    }

    /** {statistic, p-value} of the two-sample KS test (Commons Math); NaN when a sample is empty. */
    public static double[] ks(double[] reference, double[] batch) {
        double[] ref = finite(reference);
        double[] cur = finite(batch);
        if (ref.length < 2 || cur.length < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        KolmogorovSmirnovTest test = new KolmogorovSmirnovTest(new Well19937c(7));
        return new double[] {test.kolmogorovSmirnovStatistic(ref, cur), test.kolmogorovSmirnovTest(ref, cur)};
    }

    private static double[] shares(double[] values, double[] edges) {
        double[] c = new double[edges.length + 1];
        for (double v : values) {
            int i = Arrays.binarySearch(edges, v);
            int bin = i >= 0 ? i + 1 : -i - 1;
            // equal edges (many ties): binarySearch finds one of them; move past all equal edges
            while (bin < edges.length && v >= edges[bin]) {
                bin++;
            }
            c[bin]++;
        }
        for (int i = 0; i < c.length; i++) {
            c[i] /= values.length;
        }
        return c;
    }

    static double[] finite(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).toArray();
    }
}
