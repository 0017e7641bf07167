package org.riskbench.engine.tabular;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.riskbench.engine.learning.Evaluation;

/**
 * Permutation importance (Breiman 2001; Fisher, Rudin and Dominici 2019) of each input column on the holdout: the
 * drop of the score when that column's values (all the matrix columns it made, together) are shuffled across rows,
 * repeated with different seeds; reported as mean and standard error over the repeats. Score: ROC AUC of the
 * positive class for two classes, accuracy for more.
 */
public final class Importance {
    private Importance() {
    }

    public static List<TabularEvaluation.ColumnImportance> permutation(TabularModel model, double[][] x, int[] y, int pos, long seed) {
        SplittableRandom rng = new SplittableRandom(seed + 31);
        int n = x.length;
        int[] rows = java.util.stream.IntStream.range(0, n).toArray();
        if (n > TabularTrainer.IMPORTANCE_ROWS) { // a seeded sample keeps it fast on a large holdout
            for (int i = 0; i < TabularTrainer.IMPORTANCE_ROWS; i++) {
                int j = i + rng.nextInt(n - i);
                int t = rows[i];
                rows[i] = rows[j];
                rows[j] = t;
            }
            rows = java.util.Arrays.copyOf(rows, TabularTrainer.IMPORTANCE_ROWS);
        }
        double[][] xs = new double[rows.length][];
        int[] ys = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            xs[i] = x[rows[i]].clone();
            ys[i] = y[rows[i]];
        }
        TabularModel.Scorer s = model.scorer();
        double base = score(s, xs, ys, pos);
        List<TabularEvaluation.ColumnImportance> out = new ArrayList<>();
        for (Map.Entry<String, int[]> g : model.plan().groups().entrySet()) {
            int[] cols = g.getValue();
            double[] drop = new double[TabularTrainer.IMPORTANCE_REPEATS];
            double[][] saved = new double[xs.length][cols.length];
            for (int i = 0; i < xs.length; i++) {
                for (int c = 0; c < cols.length; c++) {
                    saved[i][c] = xs[i][cols[c]];
                }
            }
            for (int rep = 0; rep < drop.length; rep++) {
                int[] perm = java.util.stream.IntStream.range(0, xs.length).toArray();
                for (int i = perm.length - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                }
                for (int i = 0; i < xs.length; i++) {
                    for (int c = 0; c < cols.length; c++) {
                        xs[i][cols[c]] = saved[perm[i]][c];
                    }
                }
                drop[rep] = base - score(s, xs, ys, pos);
            }
            for (int i = 0; i < xs.length; i++) {
                for (int c = 0; c < cols.length; c++) {
                    xs[i][cols[c]] = saved[i][c];
                }
            }
            double mean = java.util.Arrays.stream(drop).average().orElse(0);
            double ss = 0;
            for (double d : drop) {
                ss += (d - mean) * (d - mean);
            }
            double se = Math.sqrt(ss / (drop.length - 1)) / Math.sqrt(drop.length);
            out.add(new TabularEvaluation.ColumnImportance(g.getKey(), Evaluation.round(mean), Evaluation.round(se)));
        }
        out.sort(Comparator.comparingDouble(m -> -m.mean()));
        return out;
    }

    static double score(TabularModel.Scorer s, double[][] x, int[] y, int pos) {
        if (pos >= 0) {
            double[] p = new double[x.length];
            boolean[] t = new boolean[x.length];
            for (int i = 0; i < x.length; i++) {
                p[i] = s.probabilities(x[i])[pos];
                t[i] = y[i] == pos;
            }
            return Evaluation.auc(p, t);
        }
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            correct += s.decide(s.probabilities(x[i])) == y[i] ? 1 : 0;
        }
        return (double) correct / x.length;
    }
}
