package org.riskbench.engine.tabular;

import java.util.List;
import org.riskbench.engine.learning.Gbdt;
import org.riskbench.engine.learning.Logistic;
import org.riskbench.engine.scoring.Forest;
import org.riskbench.engine.scoring.IsolationForest;

/**
 * A general model: the feature plan, the fitted learner(s), the isolation forest of the anomaly score, and the
 * decision (the positive class and its threshold for two classes; the most probable class otherwise).
 *
 * @param plan      input columns to matrix
 * @param label     the target column it was trained on
 * @param classes   the class names, in probability order
 * @param positive  the positive class (two classes), or null
 * @param threshold predict {@code positive} when its probability is at least this (two classes)
 * @param learner   which learner predicts
 * @param logistic  the logistic regression (LOGISTIC, STACKING)
 * @param forest    the random forest (FOREST, STACKING)
 * @param gbdt      the boosted trees (GBDT, STACKING)
 * @param meta      the meta-learner over the base learners' probabilities (STACKING)
 * @param isolation the isolation forest over the training matrix
 * @param costs     the cost matrix in class order (true x called), or null: more than two classes are decided by
 *                  least expected cost when given, else by the most probable class
 */
public record TabularModel(FeaturePlan plan, String label, List<String> classes, String positive, double threshold, Learner learner,
                           Logistic logistic, Forest forest, Gbdt gbdt, Logistic meta, IsolationForest isolation,
                           double[][] costs) {

    /** What scores rows: the model with its trees laid out for speed (one per batch, not thread-safe for others). */
    public Scorer scorer() {
        return new Scorer(this);
    }

    /** Scores rows of an aligned matrix. */
    public static final class Scorer {
        private final TabularModel m;
        private final Forest.Compiled forest;
        private final int k;

        Scorer(TabularModel m) {
            this.m = m;
            this.forest = m.forest() == null ? null : m.forest().compile();
            this.k = m.classes().size();
        }

        /** Class probabilities of one aligned row. */
        public double[] probabilities(double[] x) {
            return switch (m.learner()) {
                case LOGISTIC -> m.logistic().predict(x);
                case FOREST -> forest(x);
                case GBDT -> m.gbdt().predict(x);
                case STACKING -> {
                    double[] z = new double[3 * k];
                    System.arraycopy(m.logistic().predict(x), 0, z, 0, k);
                    System.arraycopy(forest(x), 0, z, k, k);
                    System.arraycopy(m.gbdt().predict(x), 0, z, 2 * k, k);
                    yield m.meta().predict(z);
                }
            };
        }

        private double[] forest(double[] x) {
            double[] out = new double[k];
            forest.predict(x, out);
            return out;
        }

        /** The predicted class index of a probability vector. */
        public int decide(double[] p) {
            if (m.positive() != null && k == 2) {
                int pos = m.classes().indexOf(m.positive());
                return p[pos] >= m.threshold() ? pos : 1 - pos;
            }
            return TabularTrainer.argmin(p, m.costs());
        }

        public double anomaly(double[] x) {
            return m.isolation().score(x);
        }
    }
}
