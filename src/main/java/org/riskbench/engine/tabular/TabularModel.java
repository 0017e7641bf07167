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

    /** What scores rows: the model with its trees laid out for speed (one per thread: it keeps scratch arrays). */
    public Scorer scorer() {
        return new Scorer(this);
    }

    /** Scores rows of an aligned matrix. */
    public static final class Scorer {
        private final TabularModel m;
        private final Forest.Compiled forest;
        private final Gbdt.Compiled gbdt;
        private final IsolationForest.Compiled isolation;
        private final int k;
        private final int positive;
        private final double[] z;
        private final double[] stacked;
        private final double[] raw;
        private final double[] part;
        private final double[] metaScratch;

        Scorer(TabularModel m) {
            this.m = m;
            this.forest = m.forest() == null ? null : m.forest().compile();
            this.gbdt = m.gbdt() == null ? null : m.gbdt().compile();
            this.isolation = m.isolation() == null ? null : m.isolation().compile();
            this.k = m.classes().size();
            this.positive = m.positive() == null ? -1 : m.classes().indexOf(m.positive());
            this.z = new double[Math.max(m.plan() == null ? 0 : m.plan().columns().size(), m.logistic() == null ? 0 : m.logistic().mean().length)];
            this.stacked = new double[3 * k];
            this.raw = new double[k];
            this.part = new double[k];
            this.metaScratch = new double[3 * k];
        }

        /** Class probabilities of one aligned row. */
        public double[] probabilities(double[] x) {
            double[] out = new double[k];
            probabilities(x, out);
            return out;
        }

        /** Class probabilities of one aligned row into {@code out} (length: the classes). */
        public void probabilities(double[] x, double[] out) {
            double[] zx = z.length >= x.length ? z : new double[x.length];
            switch (m.learner()) {
                case LOGISTIC -> m.logistic().predict(x, zx, out);
                case FOREST -> forest.predict(x, out);
                case GBDT -> gbdt.predict(x, raw, out);
                case STACKING -> {
                    m.logistic().predict(x, zx, part);
                    System.arraycopy(part, 0, stacked, 0, k);
                    forest.predict(x, part);
                    System.arraycopy(part, 0, stacked, k, k);
                    gbdt.predict(x, raw, part);
                    System.arraycopy(part, 0, stacked, 2 * k, k);
                    m.meta().predict(stacked, metaScratch, out);
                }
            }
        }

        /**
         * Scores rows {@code x[0..count)}: probabilities into {@code p[i]} (rows of length: the classes), the decided
         * class into {@code decided}, the anomaly score into {@code anomaly}.
         */
        public void score(double[][] x, int count, double[][] p, int[] decided, double[] anomaly) {
            // row by row: a row of the one-hot matrix stays in cache while every tree walks it
            for (int i = 0; i < count; i++) {
                probabilities(x[i], p[i]);
                decided[i] = decide(p[i]);
                anomaly[i] = isolation.score(x[i]);
            }
        }

        /** The predicted class index of a probability vector. */
        public int decide(double[] p) {
            if (positive >= 0 && k == 2) {
                return p[positive] >= m.threshold() ? positive : 1 - positive;
            }
            return TabularTrainer.argmin(p, m.costs());
        }

        public double anomaly(double[] x) {
            return isolation.score(x);
        }
    }
}
