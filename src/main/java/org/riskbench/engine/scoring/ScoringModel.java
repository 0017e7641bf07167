package org.riskbench.engine.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Everything a bundle holds to score a table (inference.md section 4): the alignment (which owns the
 * column list), the class list, the stacking ensemble, the isolation forest, the k-means clusters and the
 * learned Q-table threshold policy (null for a plain classifier, e.g. a benchmark).
 */
public record ScoringModel(Alignment alignment, List<String> classes, Stacking stacking, IsolationForest isolation,
                           Clusters clusters, QPolicy policy) {
    public static final int TOP_FEATURES = 3;

    public ScoringModel {
        classes = List.copyOf(classes);
    }

    /** Per-row scores of one table. {@code finalClass} is the policy's choice, before guardrails. */
    public record Scores(double[][] probabilities, int[] supervised, int[] finalClass, double[] anomaly, int[] cluster,
                         double[] clusterDistance, List<List<String>> topFeatures) {
    }

    public Scores score(Table t) {
        double[][] x = alignment.transform(t);
        int n = x.length;
        double[][] probs = new double[n][];
        int[] sup = new int[n];
        int[] fin = new int[n];
        double[] anomaly = new double[n];
        int[] cluster = new int[n];
        double[] dist = new double[n];
        List<List<String>> top = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] xi = x[i];
            probs[i] = stacking.predict(xi);
            sup[i] = QPolicy.argmax(probs[i]);
            anomaly[i] = isolation.score(xi);
            Clusters.Assignment a = clusters.assign(xi);
            cluster[i] = a.cluster();
            dist[i] = a.distance();
            fin[i] = policy == null ? sup[i] : policy.act(sup[i], anomaly[i]);
            top.add(topFeatures(xi, fin[i]));
        }
        return new Scores(probs, sup, fin, anomaly, cluster, dist, top);
    }

    /** The features with the largest {@code |coefficient x standardised value|} for class {@code c} in the logistic base learner. */
    List<String> topFeatures(double[] x, int c) {
        double[] contrib = stacking.logistic().contributions(x, c);
        Integer[] idx = new Integer[contrib.length];
        for (int j = 0; j < idx.length; j++) {
            idx[j] = j;
        }
        java.util.Arrays.sort(idx, Comparator.comparingDouble((Integer j) -> -Math.abs(contrib[j])));
        List<String> out = new ArrayList<>(TOP_FEATURES);
        for (int k = 0; k < Math.min(TOP_FEATURES, idx.length); k++) {
            out.add(alignment.columns().get(idx[k]) + (contrib[idx[k]] >= 0 ? "(+)" : "(-)"));
        }
        return out;
    }
}
