package org.riskbench.engine.retraining;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;
import org.riskbench.engine.scoring.Forest;
import org.riskbench.engine.learning.Logistic;
import org.riskbench.engine.scoring.ScoringModel;
import org.riskbench.engine.scoring.Stacking;
import org.riskbench.engine.scoring.Table;
import org.riskbench.engine.scoring.Trainer;

/**
 * Step 5: a new model from the fine-tune dataset.
 *
 * <p>Fine-tune (warm start), per learner of the stacking ensemble:
 * <ul>
 * <li>the logistic base learner continues from the current weights (same standardisation, {@link Logistic#continueFit}) with
 *     {@code epochs} full-batch Adam steps of size {@code learning_rate} on 80% of the dataset;</li>
 * <li>the random forest cannot be continued: it is refitted on the same 80% (seeded by {@code random_seed});</li>
 * <li>the meta-learner continues from its current weights on the other 20%, fed by the new base learners,
 *     so it never sees a base prediction made on a row that base learner trained on;</li>
 * <li>the alignment (column list), isolation forest, k-means clusters and the Q-table policy are kept:
 *     they are unsupervised or tuned on validation rows, and keeping the alignment is what lets the
 *     weights carry over.</li>
 * </ul>
 * From scratch ({@code fine_tune=false}): the scoring {@link Trainer} on the dataset, with the current
 * model's columns and class order.
 */
public final class FineTuner implements Retraining.ModelTrainer {
    @Override
    public ScoringModel train(ScoringModel current, Table dataset, Table validation, String label, RetrainingConfig config,
                              Progress progress) {
        return config.fineTune() ? fineTune(current, dataset, label, config, progress)
                : fromScratch(current, dataset, validation, label, config, progress);
    }

    /**
     * The scoring {@link Trainer}'s learners on the whole dataset and its policy on the current model's
     * validation rows. Not {@code Trainer.train} on the dataset: its 60/20/20 split by customer hash, under the
     * same seed as the split the replay rows were drawn from (the train part), put every replay row back in
     * train, so the policy was learned on a dozen mistakes and flipped whole classes; and its inner holdout
     * would be wasted (the fixed holdout is the evaluation).
     */
    static ScoringModel fromScratch(ScoringModel current, Table dataset, Table validation, String label, RetrainingConfig config,
                                    Progress progress) {
        List<String> cats = new ArrayList<>(current.alignment().categorical().keySet());
        List<String> classes = new ArrayList<>(current.classes()); // a class new in the feedback is appended
        new java.util.TreeSet<>(Arrays.asList(trim(dataset.column(label)))).stream().filter(c -> !classes.contains(c))
                .forEach(classes::add);
        int[] y = labels(dataset, label, classes);
        int[] yValid = labels(validation, label, classes);
        if (y.length < 20) {
            throw new InputException("the fine-tune dataset has " + y.length + " rows; training from scratch needs at least 20");
        }
        return Trainer.fit(dataset, y, validation, yValid, current.alignment().numeric(), cats, classes,
                Trainer.Config.defaults(config.randomSeed()), progress);
    }

    private static String[] trim(String[] v) {
        String[] out = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] == null ? "" : v[i].trim();
        }
        return out;
    }

    /** Class indices; -1 for a class not in the list. */
    private static int[] labels(Table t, String label, List<String> classes) {
        String[] v = trim(t.column(label));
        int[] y = new int[v.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = classes.indexOf(v[i]);
        }
        return y;
    }

    static ScoringModel fineTune(ScoringModel current, Table dataset, String label, RetrainingConfig config, Progress progress) {
        List<String> classes = current.classes();
        String[] labels = dataset.column(label);
        int[] y = labels(dataset, label, classes);
        int n = y.length;
        for (int i = 0; i < n; i++) {
            if (y[i] < 0) {
                throw new InputException("fine-tune dataset row " + (i + 1) + ": class '" + labels[i] + "' is not one of the model's "
                        + classes + "; train from scratch (--fine-tune false)");
            }
        }
        if (n < 5) {
            throw new InputException("the fine-tune dataset has " + n + " rows; it needs at least 5");
        }
        double[][] x = current.alignment().transform(dataset);
        SplittableRandom rng = new SplittableRandom(config.randomSeed());
        boolean[] meta = new boolean[n];
        int nb = 0;
        for (int i = 0; i < n; i++) {
            meta[i] = rng.nextDouble() < 0.2;
            nb += meta[i] ? 1 : 0;
        }
        if (nb == 0 || nb == n) {
            Arrays.fill(meta, false);
            nb = 0;
        }
        double[][] xa = new double[n - nb][];
        int[] ya = new int[n - nb];
        double[][] xb = new double[nb][];
        int[] yb = new int[nb];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (meta[i]) {
                xb[b] = x[i];
                yb[b++] = y[i];
            } else {
                xa[a] = x[i];
                ya[a++] = y[i];
            }
        }
        if (nb == 0) { // too few rows to hold any out: the meta-learner continues on all of them
            xb = xa;
            yb = ya;
        }
        int k = classes.size();
        Stacking old = current.stacking();
        progress.report(0.1, "fine-tune: logistic base learner, " + config.epochs() + " Adam steps from the current weights");
        Logistic lr = Logistic.continueFit(old.logistic(), xa, ya, config.learningRate(), config.epochs());
        progress.checkCancelled();
        progress.report(0.4, "fine-tune: refitting the random forest on " + xa.length + " rows");
        Forest.Config fc = Forest.Config.defaults(config.randomSeed());
        Forest rf = Forest.fit(xa, ya, k, new Forest.Config(Math.max(1, old.forest().trees().size()), fc.maxDepth(), fc.minLeaf(),
                fc.bins(), config.randomSeed()));
        progress.checkCancelled();
        progress.report(0.8, "fine-tune: meta-learner from the current weights on " + xb.length + " held-out rows");
        double[][] z = new double[xb.length][];
        for (int i = 0; i < xb.length; i++) {
            double[] a = lr.predict(xb[i]);
            double[] b = rf.predict(xb[i]);
            z[i] = new double[2 * k];
            System.arraycopy(a, 0, z[i], 0, k);
            System.arraycopy(b, 0, z[i], k, k);
        }
        Logistic m = Logistic.continueFit(old.meta(), z, yb, config.learningRate(), config.epochs());
        progress.report(1, "fine-tuned");
        return new ScoringModel(current.alignment(), classes, new Stacking(lr, rf, m), current.isolation(), current.clusters(),
                current.policy());
    }

}
