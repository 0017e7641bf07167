package org.riskbench.engine.scoring;

import org.riskbench.engine.learning.Logistic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * k-means with k-means++ initialisation (Commons Math {@link KMeansPlusPlusClusterer}, seeded) on
 * standardised features. A row's distance is the Euclidean distance to its nearest centroid divided by
 * that cluster's 95th-percentile training distance, so 1 means "as far as the farthest 5% of the cluster".
 *
 * @param mean      standardisation means
 * @param scale     standardisation scales
 * @param centroids k centroids in standardised space
 * @param p95       per-cluster 95th-percentile distance of the training rows (positive)
 */
public record Clusters(double[] mean, double[] scale, double[][] centroids, double[] p95) {

    /** A row's cluster and normalised distance. */
    public record Assignment(int cluster, double distance) {
    }

    public static Clusters fit(double[][] x, int k, int maxRows, long seed) {
        int n = x.length;
        int p = x[0].length;
        double[] mean = new double[p];
        double[] scale = new double[p];
        for (double[] r : x) {
            for (int j = 0; j < p; j++) {
                mean[j] += r[j] / n;
            }
        }
        for (double[] r : x) {
            for (int j = 0; j < p; j++) {
                scale[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < p; j++) {
            scale[j] = scale[j] > 1e-24 ? Math.sqrt(scale[j]) : 1;
        }
        // fit on an evenly spaced subsample to bound the cost; the p95 uses every row
        int step = Math.max(1, n / Math.max(1, maxRows));
        List<DoublePoint> points = new ArrayList<>();
        for (int i = 0; i < n; i += step) {
            points.add(new DoublePoint(Logistic.standardise(x[i], mean, scale, new double[p])));
        }
        JDKRandomGenerator rng = new JDKRandomGenerator();
        rng.setSeed(seed);
        KMeansPlusPlusClusterer<DoublePoint> km = new KMeansPlusPlusClusterer<>(Math.min(k, points.size()), 100,
                new EuclideanDistance(), rng);
        List<CentroidCluster<DoublePoint>> clusters = km.cluster(points);
        double[][] centroids = new double[clusters.size()][];
        for (int c = 0; c < centroids.length; c++) {
            centroids[c] = clusters.get(c).getCenter().getPoint().clone();
        }
        Clusters model = new Clusters(mean, scale, centroids, new double[centroids.length]);
        List<List<Double>> dists = new ArrayList<>();
        for (int c = 0; c < centroids.length; c++) {
            dists.add(new ArrayList<>());
        }
        double[] z = new double[p];
        for (double[] r : x) {
            Logistic.standardise(r, mean, scale, z);
            int c = model.nearest(z);
            dists.get(c).add(Math.sqrt(sq(z, centroids[c])));
        }
        double[] p95 = new double[centroids.length];
        for (int c = 0; c < centroids.length; c++) {
            double[] d = dists.get(c).stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(d);
            double q = d.length == 0 ? 1 : d[Math.min(d.length - 1, (int) Math.ceil(0.95 * d.length) - 1)];
            p95[c] = q > 1e-12 ? q : 1;
        }
        return new Clusters(mean, scale, centroids, p95);
    }

    private int nearest(double[] z) {
        int best = 0;
        double bd = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double d = sq(z, centroids[c]);
            if (d < bd) {
                bd = d;
                best = c;
            }
        }
        return best;
    }

    private static double sq(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return s;
    }

    public Assignment assign(double[] x) {
        double[] z = Logistic.standardise(x, mean, scale, new double[x.length]);
        int c = nearest(z);
        return new Assignment(c, Math.sqrt(sq(z, centroids[c])) / p95[c]);
    }
}
