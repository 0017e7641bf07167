package org.riskbench.engine.scoring;

import org.riskbench.engine.learning.Logistic;
import java.util.SplittableRandom;
import org.riskbench.core.Progress;

/**
 * Stacked generalisation (Wolpert 1992): two different base learners, a regularised multinomial logistic
 * regression and a random forest, and a logistic meta-learner fitted on their out-of-fold class
 * probabilities (K folds, seeded), so the meta-learner never sees a prediction made on a row the base
 * learner trained on. The base learners kept in the model are then refitted on all training rows.
 *
 * @param logistic the logistic base learner (also used to explain predictions)
 * @param forest   the forest base learner
 * @param meta     the meta-learner over {@code [p_logistic, p_forest]}
 */
public record Stacking(Logistic logistic, Forest forest, Logistic meta) {

    public record Config(int folds, Logistic.Config logistic, Forest.Config forest, Logistic.Config meta, long seed) {
        public static Config defaults(long seed) {
            return new Config(5, Logistic.Config.defaults(), Forest.Config.defaults(seed), new Logistic.Config(1e-3, 100, 0.1), seed);
        }
    }

    public static Stacking fit(double[][] x, int[] y, int classes, Config config, Progress progress) {
        int n = x.length;
        int k = config.folds();
        int[] fold = new int[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(config.seed());
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = 0; i < n; i++) {
            fold[order[i]] = i % k;
        }
        double[][] meta = new double[n][2 * classes];
        for (int f = 0; f < k; f++) {
            progress.checkCancelled();
            progress.report((double) f / (k + 1), "stacking: fold " + (f + 1) + " of " + k);
            int nt = 0;
            for (int i = 0; i < n; i++) {
                if (fold[i] != f) {
                    nt++;
                }
            }
            double[][] xt = new double[nt][];
            int[] yt = new int[nt];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (fold[i] != f) {
                    xt[m] = x[i];
                    yt[m++] = y[i];
                }
            }
            Logistic lr = Logistic.fit(xt, yt, classes, config.logistic());
            Forest rf = Forest.fit(xt, yt, classes, withSeed(config.forest(), config.seed() + 1000 + f));
            for (int i = 0; i < n; i++) {
                if (fold[i] == f) {
                    System.arraycopy(lr.predict(x[i]), 0, meta[i], 0, classes);
                    System.arraycopy(rf.predict(x[i]), 0, meta[i], classes, classes);
                }
            }
        }
        progress.report((double) k / (k + 1), "stacking: refitting the base learners on all rows");
        Logistic lr = Logistic.fit(x, y, classes, config.logistic());
        Forest rf = Forest.fit(x, y, classes, config.forest());
        Logistic m = Logistic.fit(meta, y, classes, config.meta());
        return new Stacking(lr, rf, m);
    }

    private static Forest.Config withSeed(Forest.Config c, long seed) {
        return new Forest.Config(c.trees(), c.maxDepth(), c.minLeaf(), c.bins(), seed);
    }

    public double[] predict(double[] x) {
        double[] a = logistic.predict(x);
        double[] b = forest.predict(x);
        double[] z = new double[a.length + b.length];
        System.arraycopy(a, 0, z, 0, a.length);
        System.arraycopy(b, 0, z, a.length, b.length);
        return meta.predict(z);
    }

    public double[][] predict(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = predict(x[i]);
        }
        return out;
    }
}
