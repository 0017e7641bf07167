package org.riskbench.engine.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;
import org.riskbench.engine.learning.Evaluation;
import org.riskbench.engine.learning.Gbdt;
import org.riskbench.engine.learning.Logistic;
import org.riskbench.engine.scoring.Forest;

/** Known answers of the general trainer and its evaluation. */
class TabularTrainerTest {
    /** Small learners: the known answers hold at this size and the tests stay quick on a loaded machine. */
    static final TabularTrainer.Sizes SMALL = new TabularTrainer.Sizes(new Logistic.Config(1e-3, 150, 0.1),
            new Forest.Config(30, 8, 3, 32, 1), new Gbdt.Config(60, 3, 10, 0.2, 1.0, 32, 0.8, 1), 3, 30);

    static Map<String, Object> table(int n, long seed, boolean xor) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        double[] b = new double[n];
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble() * 2 - 1;
            b[i] = r.nextDouble() * 2 - 1;
            double p = xor ? (a[i] * b[i] > 0 ? 0.95 : 0.05) : 1 / (1 + Math.exp(-(3 * a[i] - 2 * b[i])));
            y[i] = r.nextDouble() < p ? "yes" : "no";
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", a);
        m.put("b", b);
        m.put("y", y);
        return m;
    }

    static double holdoutAuc(TabularTrainer.Result r, String who) {
        return r.evaluation().holdout().models().get(who).get("roc_auc");
    }

    static TabularTrainer.Result train(Frame f, Learner l) {
        return TabularTrainer.train(f, Map.of(), TabularTrainer.Options.of("y", l, 7).withFolds(3).withSizes(SMALL), Progress.NONE);
    }

    @Test
    void treesBeatLogisticOnXorAndLoseNothingOnALinearTable() {
        Frame xor = Frame.of(table(3000, 1, true));
        double lr = holdoutAuc(train(xor, Learner.LOGISTIC), "logistic");
        double rf = holdoutAuc(train(xor, Learner.FOREST), "forest");
        double gb = holdoutAuc(train(xor, Learner.GBDT), "gbdt");
        assertThat(lr).isLessThan(0.65);
        assertThat(rf).isGreaterThan(lr + 0.25);
        assertThat(gb).isGreaterThan(lr + 0.25);

        Frame linear = Frame.of(table(3000, 2, false));
        double lr2 = holdoutAuc(train(linear, Learner.LOGISTIC), "logistic");
        assertThat(lr2).isGreaterThan(0.8);
        // noise: the AUC's standard error on a 600-row holdout is about 0.015
        assertThat(holdoutAuc(train(linear, Learner.FOREST), "forest")).isGreaterThan(lr2 - 0.03);
        assertThat(holdoutAuc(train(linear, Learner.GBDT), "gbdt")).isGreaterThan(lr2 - 0.03);
    }

    @Test
    void everyFigureStandsBesideBothBaselinesWithStandardErrors() {
        TabularTrainer.Result r = train(Frame.of(table(1500, 3, false)), Learner.STACKING);
        var models = r.evaluation().crossValidation().models();
        assertThat(models).containsOnlyKeys("stacking", "majority", "logistic");
        for (var metrics : models.values()) {
            assertThat(metrics).containsKeys("roc_auc", "pr_auc", "log_loss", "brier", "accuracy", "f1");
            TabularEvaluation.Estimate auc = metrics.get("roc_auc");
            assertThat(auc.folds()).hasSize(3);
            assertThat(auc.se()).isNotNull();
        }
        assertThat(models.get("majority").get("roc_auc").mean()).isEqualTo(0.5);
        assertThat(r.model().positive()).isEqualTo("no").as("the rarer class is positive by default");
        assertThat(r.evaluation().holdout().rocCurve()).containsOnlyKeys("stacking", "majority", "logistic");
        assertThat(r.evaluation().thresholdRule()).isEqualTo("maximum F1 on the out-of-fold predictions");
    }

    @Test
    void aucIsTheMannWhitneyStatistic() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 400;
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.floor(r.nextDouble() * 20) / 20; // ties on purpose
            y[i] = r.nextDouble() < 0.3 + 0.4 * s[i];
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] && !y[j]) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(Evaluation.auc(s, y)).isCloseTo(wins / pairs, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aPerfectlyCalibratedScoreGivesADiagonalCalibrationCurve() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 200_000;
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = r.nextDouble();
            y[i] = r.nextDouble() < p[i];
        }
        Evaluation.Calibration c = Evaluation.calibration(p, y, 10);
        assertThat(c.predicted()).hasSize(10);
        for (int b = 0; b < 10; b++) {
            // 20,000 rows a bin: the observed share's standard error is at most 0.0035
            assertThat(c.observed()[b]).isCloseTo(c.predicted()[b], org.assertj.core.data.Offset.offset(0.015));
            assertThat(c.predicted()[b]).isCloseTo(b / 10.0 + 0.05, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @Test
    void foldsAreStratifiedAndSeeded() {
        int[] y = new int[1003];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 10 == 0 ? 1 : i % 10 < 4 ? 2 : 0;
        }
        int[] f = Folds.stratified(y, 3, 5, 42);
        for (int c = 0; c < 3; c++) {
            int[] count = new int[5];
            for (int i = 0; i < y.length; i++) {
                if (y[i] == c) {
                    count[f[i]]++;
                }
            }
            int min = java.util.Arrays.stream(count).min().getAsInt();
            int max = java.util.Arrays.stream(count).max().getAsInt();
            assertThat(max - min).as("class %d per fold %s", c, java.util.Arrays.toString(count)).isLessThanOrEqualTo(1);
        }
        assertThat(Folds.stratified(y, 3, 5, 42)).isEqualTo(f);
        assertThat(Folds.stratified(y, 3, 5, 43)).isNotEqualTo(f);
        int[] h = Folds.holdout(y, 3, 0.2, 42);
        assertThat(java.util.Arrays.stream(h).sum()).isBetween(199, 202);
        assertThat(Folds.holdout(y, 3, 0.2, 42)).isEqualTo(h);
    }

    @Test
    @SuppressWarnings("unchecked")
    void permutationImportanceRanksAPlantedFeatureFirstAndNoiseNearZero() {
        SplittableRandom r = new SplittableRandom(9);
        int n = 2000;
        double[] planted = new double[n];
        double[] weak = new double[n];
        double[] noise = new double[n];
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            planted[i] = r.nextGaussian();
            weak[i] = r.nextGaussian();
            noise[i] = r.nextGaussian();
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-(3 * planted[i] + 0.5 * weak[i]))) ? "bad" : "good";
        }
        Map<String, Object> cols = new LinkedHashMap<>();
        cols.put("noise", noise);
        cols.put("weak", weak);
        cols.put("planted", planted);
        cols.put("y", y);
        TabularTrainer.Result res = train(Frame.of(cols), Learner.LOGISTIC);
        List<TabularEvaluation.ColumnImportance> imp = res.evaluation().permutationImportance();
        assertThat(imp.get(0).column()).isEqualTo("planted");
        TabularEvaluation.ColumnImportance z = imp.stream().filter(m -> m.column().equals("noise")).findFirst().orElseThrow();
        assertThat(Math.abs(z.mean())).isLessThan(Math.max(0.01, 3 * z.se()));
        assertThat(imp.get(0).mean()).isGreaterThan(0.1);
    }

    @Test
    void aBundleRoundTripsAndScoresTheSame(@TempDir Path dir) {
        Frame f = Frame.of(table(800, 4, true));
        TabularTrainer.Result r = train(f, Learner.STACKING);
        TabularBundle.save(dir.resolve("b"), "v1", "2026-01-01T00:00:00Z", "abc", r.evaluation(), r.model());
        assertThat(TabularBundle.isTabular(dir.resolve("b"))).isTrue();
        TabularBundle back = TabularBundle.load(dir.resolve("b"));
        assertThat(back.model().classes()).isEqualTo(r.model().classes());
        assertThat(back.model().threshold()).isEqualTo(r.model().threshold());
        double[][] x = r.model().plan().transform(f).x();
        double[][] x2 = back.model().plan().transform(f).x();
        TabularModel.Scorer a = r.model().scorer();
        TabularModel.Scorer b = back.model().scorer();
        for (int i = 0; i < x.length; i += 7) {
            assertThat(b.probabilities(x2[i])).isEqualTo(a.probabilities(x[i]));
            assertThat(b.anomaly(x2[i])).isEqualTo(a.anomaly(x[i]));
        }
        assertThat(Files.exists(dir.resolve("b/report.md"))).isTrue();
    }

    @Test
    void aCorruptOrForeignBundleIsRefusedWithAReason(@TempDir Path dir) throws Exception {
        Frame f = Frame.of(table(400, 4, false));
        TabularTrainer.Result r = train(f, Learner.LOGISTIC);
        Path b = dir.resolve("b");
        TabularBundle.save(b, "v1", "2026-01-01T00:00:00Z", "abc", r.evaluation(), r.model());
        String manifest = Files.readString(b.resolve("manifest.json"));
        Files.writeString(b.resolve("manifest.json"), manifest.replace("\"a\"", "\"renamed\""));
        assertThatThrownBy(() -> TabularBundle.load(b)).isInstanceOf(InputException.class).hasMessageContaining("corrupt");
        Files.writeString(b.resolve("manifest.json"), manifest.replace("\"kind\" : \"tabular\"", "\"kind\" : \"x\"")
                .replace("\"kind\":\"tabular\"", "\"kind\":\"x\""));
        assertThatThrownBy(() -> TabularBundle.load(b)).hasMessageContaining("not a general model");
    }

    @Test
    void alignmentWarnsOfMissingColumnsAndUnseenLevelsAndIgnoresExtras() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 600;
        double[] a = new double[n];
        String[] c = new String[n];
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian();
            c[i] = i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue";
            y[i] = r.nextDouble() < (c[i].equals("red") ? 0.8 : 0.2) ? "1" : "0";
        }
        Map<String, Object> cols = new LinkedHashMap<>();
        cols.put("a", a);
        cols.put("colour", c);
        cols.put("y", y);
        TabularTrainer.Result res = train(Frame.of(cols), Learner.LOGISTIC);
        FeaturePlan plan = res.model().plan();
        // a new table: "a" missing, an unseen colour, a missing colour, an extra column
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("colour", new String[] {"red", "purple", null, "blue"});
        other.put("extra", new double[] {1, 2, 3, 4});
        FeaturePlan.Aligned al = plan.transform(Frame.of(other));
        assertThat(al.warnings()).anyMatch(w -> w.contains("column 'a' is missing"));
        assertThat(al.warnings()).anyMatch(w -> w.contains("1 rows have levels not seen in training [purple]"));
        assertThat(al.x()).hasNumberOfRows(4);
        for (double[] row : al.x()) {
            for (double v : row) {
                assertThat(Double.isFinite(v)).isTrue();
            }
        }
        int red = plan.columns().indexOf("colour=red");
        assertThat(al.x()[0][red]).isEqualTo(1);
        assertThat(al.x()[1][red]).isEqualTo(0);
    }

    @Test
    void idLikeConstantAndDateColumnsAreHandledWithWarnings() {
        int n = 300;
        SplittableRandom r = new SplittableRandom(1);
        Map<String, Object> cols = new LinkedHashMap<>();
        double[] id = new double[n];
        double[] constant = new double[n];
        String[] code = new String[n];
        String[] date = new String[n];
        double[] x = new double[n];
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            id[i] = 1000 + i;
            constant[i] = 7;
            code[i] = "C" + i;
            date[i] = String.format("2024-%02d-%02d", 1 + i % 12, 1 + i % 28);
            x[i] = r.nextGaussian();
            y[i] = x[i] + r.nextGaussian() > 0 ? "a" : "b";
        }
        cols.put("customer_id", id);
        cols.put("constant", constant);
        cols.put("code", code);
        cols.put("opened", date);
        cols.put("x", x);
        cols.put("y", y);
        Map<String, FeaturePlan.ColumnInfo> info = Map.of("customer_id", new FeaturePlan.ColumnInfo(org.riskbench.engine.intake.ColumnType.INTEGER, null),
                "opened", new FeaturePlan.ColumnInfo(org.riskbench.engine.intake.ColumnType.DATE, "yyyy-MM-dd"));
        TabularTrainer.Result res = TabularTrainer.train(Frame.of(cols), info,
                TabularTrainer.Options.of("y", Learner.LOGISTIC, 1).withFolds(2).withSizes(SMALL), Progress.NONE);
        assertThat(res.warnings()).anyMatch(w -> w.contains("'customer_id' dropped: it looks like an id"));
        assertThat(res.warnings()).anyMatch(w -> w.contains("'constant' dropped: it is constant"));
        assertThat(res.warnings()).anyMatch(w -> w.contains("'code' dropped: it looks like an id"));
        assertThat(res.model().plan().columns()).contains("opened_month", "opened_day", "opened_weekday", "x")
                .doesNotContain("opened_year");
    }

    @Test
    void badInputIsOneClearSentence() {
        Frame f = Frame.of(table(200, 1, false));
        assertThatThrownBy(() -> TabularTrainer.train(f, Map.of(), TabularTrainer.Options.of("label", Learner.GBDT, 1), Progress.NONE))
                .isInstanceOf(InputException.class).hasMessage("the table has no column 'label' (columns: a, b, y)");
        assertThatThrownBy(() -> TabularTrainer.train(f, Map.of(), TabularTrainer.Options.of("y", Learner.GBDT, 1).withPositive("maybe"),
                Progress.NONE)).hasMessage("--positive: 'maybe' is not a value of 'y' (values: no, yes)");
        assertThatThrownBy(() -> Learner.parse("svm")).hasMessage("--learner: 'svm' is not one of auto, logistic, forest, gbdt, stacking");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRealChurnTableTrainsFromItsCsv() throws Exception {
        Path file = Path.of(getClass().getResource("/classification/wa_churn.csv").toURI());
        TabularData d = TabularData.read(file, Progress.NONE);
        TabularTrainer.Result r = TabularTrainer.train(d.frame(), d.info(),
                TabularTrainer.Options.of("churn", Learner.GBDT, 42).withFolds(3).withSizes(SMALL), Progress.NONE);
        assertThat(r.model().positive()).isEqualTo("Yes");
        assertThat(r.model().plan().columns()).contains("contract=Month-to-month", "tenure", "total_charges_missing");
        assertThat(holdoutAuc(r, "gbdt")).isGreaterThan(0.8);
    }
}
