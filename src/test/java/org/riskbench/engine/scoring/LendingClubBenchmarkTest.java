package org.riskbench.engine.scoring;

import org.riskbench.engine.learning.Evaluation;
import org.riskbench.engine.learning.Logistic;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.riskbench.core.Progress;

/**
 * Honest evaluation on a public dataset we did not make (modeldata's lending_club, MIT): the stacking
 * ensemble against a plain L2 logistic regression, binary target {@code Class} (positive: "bad", the rare
 * class), on the same seeded 75/25 stratified-by-chance holdout. Numbers go to docs/scoring-notes.md.
 */
class LendingClubBenchmarkTest {

    @Test
    void stackingIsNotWorseThanLogisticBeyondNoise() throws Exception {
        Table t = Table.read(Path.of(getClass().getResource("/classification/lending_club.csv").toURI()));
        List<String> numeric = new ArrayList<>();
        List<String> categorical = new ArrayList<>();
        for (String n : t.names()) {
            if (!n.equals("Class")) {
                (t.isNumeric(n) ? numeric : categorical).add(n);
            }
        }
        String[] labels = t.column("Class");
        int n = t.rows();
        SplittableRandom r = new SplittableRandom(2024);
        List<Integer> tr = new ArrayList<>();
        List<Integer> ho = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (r.nextDouble() < 0.75 ? tr : ho).add(i);
        }
        int[] train = tr.stream().mapToInt(Integer::intValue).toArray();
        int[] hold = ho.stream().mapToInt(Integer::intValue).toArray();
        Alignment al = Alignment.fit(t.select(train), numeric, categorical);
        double[][] xTrain = al.transform(t.select(train));
        double[][] xHold = al.transform(t.select(hold));
        int[] yTrain = new int[train.length];
        for (int i = 0; i < train.length; i++) {
            yTrain[i] = labels[train[i]].equals("bad") ? 1 : 0;
        }
        boolean[] yHold = new boolean[hold.length];
        for (int i = 0; i < hold.length; i++) {
            yHold[i] = labels[hold[i]].equals("bad");
        }
        Logistic lr = Logistic.fit(xTrain, yTrain, 2, Logistic.Config.defaults());
        Stacking st = Stacking.fit(xTrain, yTrain, 2, Stacking.Config.defaults(2024), Progress.NONE);
        double[] pLr = new double[hold.length];
        double[] pSt = new double[hold.length];
        for (int i = 0; i < hold.length; i++) {
            pLr[i] = lr.predict(xHold[i])[1];
            pSt[i] = st.predict(xHold[i])[1];
        }
        double aucLr = Evaluation.auc(pLr, yHold);
        double aucSt = Evaluation.auc(pSt, yHold);
        // F1 of "bad": threshold 0.5 (what argmax gives) and the best threshold chosen on the TRAINING rows' rate
        double prevalence = java.util.Arrays.stream(yTrain).average().orElse(0);
        double f1Lr = f1At(pLr, yHold, 0.5);
        double f1St = f1At(pSt, yHold, 0.5);
        double f1LrPrev = f1At(pLr, yHold, prevalence * 2);
        double f1StPrev = f1At(pSt, yHold, prevalence * 2);
        System.err.printf(Locale.ROOT, "lending_club: %d train, %d holdout, %d features, bad rate %.4f%n", train.length, hold.length,
                al.columns().size(), prevalence);
        System.err.printf(Locale.ROOT, "logistic: AUC %.4f F1@0.5 %.4f F1@2xprevalence %.4f%n", aucLr, f1Lr, f1LrPrev);
        System.err.printf(Locale.ROOT, "stacking: AUC %.4f F1@0.5 %.4f F1@2xprevalence %.4f%n", aucSt, f1St, f1StPrev);
        assertThat(aucLr).isGreaterThan(0.6);
        // noise: the AUC's standard error with ~170 positives in the holdout is about 0.02
        assertThat(aucSt).isGreaterThan(aucLr - 0.03);
    }

    private static double f1At(double[] p, boolean[] y, double threshold) {
        return Evaluation.binary(y, p, threshold).f1(1);
    }
}
