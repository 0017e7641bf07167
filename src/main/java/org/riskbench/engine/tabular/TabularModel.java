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
        /** Rows taken through every model at a time by {@link #score}. */
        static final int ROWS = 64;
        private final TabularModel m;
        private final Forest.Compiled forest;
        private final Gbdt.Compiled gbdt;
        private final IsolationForest.Compiled isolation;
        private final int k;
        private final int positive;
        private final double[] z;
        private final double[] stacked;
        private final double[] part;
        private final double[] metaScratch;
        /** The stacked base learners' probabilities of a block's rows (indexed as the block). */
        private double[][] forestBlock;
        private double[][] gbdtBlock;

        Scorer(TabularModel m) {
            this.m = m;
            this.forest = m.forest() == null ? null : m.forest().compile();
            this.gbdt = m.gbdt() == null ? null : m.gbdt().compile();
            this.isolation = m.isolation() == null ? null : m.isolation().compile();
            this.k = m.classes().size();
            this.positive = m.positive() == null ? -1 : m.classes().indexOf(m.positive());
            this.z = new double[Math.max(m.plan() == null ? 0 : m.plan().columns().size(), m.logistic() == null ? 0 : m.logistic().mean().length)];
            this.stacked = new double[3 * k];
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
            double[] zx = zFor(x);
            switch (m.learner()) {
                case LOGISTIC -> m.logistic().predict(x, zx, out);
                case FOREST -> forest.predict(x, out);
                case GBDT -> gbdt.predict(x, out);
                case STACKING -> {
                    m.logistic().predict(x, zx, part);
                    System.arraycopy(part, 0, stacked, 0, k);
                    forest.predict(x, part);
                    System.arraycopy(part, 0, stacked, k, k);
                    gbdt.predict(x, part);
                    System.arraycopy(part, 0, stacked, 2 * k, k);
                    m.meta().predict(stacked, metaScratch, out);
                }
            }
        }

        /**
         * Scores rows {@code x[0..count)}: probabilities into {@code p[i]} (rows of length: the classes), the decided
         * class into {@code decided}, the anomaly score into {@code anomaly}. The same figures as {@link #probabilities}
         * and {@link #anomaly} row by row, to the bit.
         */
        public void score(double[][] x, int count, double[][] p, int[] decided, double[] anomaly) {
            if (m.learner() == Learner.STACKING && (forestBlock == null || forestBlock.length < count)) {
                forestBlock = new double[count][k];
                gbdtBlock = new double[count][k];
            }
            // a few rows at a time through each tree model (trees outer, rows inner), so those rows stay in cache for all of them
            for (int a = 0; a < count; a += ROWS) {
                int b = Math.min(count, a + ROWS);
                switch (m.learner()) {
                    case LOGISTIC -> {
                        for (int i = a; i < b; i++) {
                            m.logistic().predict(x[i], zFor(x[i]), p[i]);
                        }
                    }
                    case FOREST -> forest.predict(x, a, b, p);
                    case GBDT -> gbdt.predict(x, a, b, p);
                    case STACKING -> {
                        forest.predict(x, a, b, forestBlock);
                        gbdt.predict(x, a, b, gbdtBlock);
                        for (int i = a; i < b; i++) {
                            m.logistic().predict(x[i], zFor(x[i]), part);
                            System.arraycopy(part, 0, stacked, 0, k);
                            System.arraycopy(forestBlock[i], 0, stacked, k, k);
                            System.arraycopy(gbdtBlock[i], 0, stacked, 2 * k, k);
                            m.meta().predict(stacked, metaScratch, p[i]);
                        }
                    }
                }
                for (int i = a; i < b; i++) {
                    decided[i] = decide(p[i]);
                }
                isolation.score(x, a, b, anomaly);
            }
        }

        /** Scratch for the logistic learner's standardised row. */
        private double[] zFor(double[] x) {
            return z.length >= x.length ? z : new double[x.length];
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
