package org.riskbench.engine.tabular;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Progress;
import org.riskbench.engine.learning.Gbdt;

/** The fast scoring path gives what the row-at-a-time definitions give, whatever the threads and blocks. */
class TabularScoringTest {

    @Test
    void compiledBoostedTreesPredictTheSameProbabilitiesToTheBit() {
        SplittableRandom r = new SplittableRandom(5);
        for (int classes : new int[] {2, 3}) {
            int n = 1500;
            double[][] x = new double[n][4];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 4; j++) {
                    x[i][j] = r.nextGaussian();
                }
                y[i] = (x[i][0] * x[i][1] > 0 ? 1 : 0) + (classes == 3 && x[i][2] > 1 ? 1 : 0);
            }
            Gbdt g = Gbdt.fit(x, y, classes, null, new Gbdt.Config(37, 4, 5, 0.2, 1.0, 32, 0.8, 3), Progress.NONE);
            Gbdt.Compiled c = g.compile();
            double[] out = new double[classes];
            double[][] block = new double[n][classes];
            c.predict(x, 3, n, block);
            for (int i = 0; i < n; i++) {
                c.predict(x[i], out);
                assertThat(out).isEqualTo(g.predict(x[i]));
                if (i >= 3) {
                    assertThat(block[i]).isEqualTo(g.predict(x[i]));
                }
            }
        }
    }

    @Test
    void scoringABlockGivesEachLearnersRowByRowFiguresToTheBit() {
        SplittableRandom r = new SplittableRandom(8);
        int n = 700;
        double[][] x = new double[n][6];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 6; j++) {
                x[i][j] = j == 5 ? r.nextInt(3) : r.nextGaussian();
            }
            y[i] = x[i][0] * x[i][1] + 0.5 * x[i][2] > 0 ? 1 : 0;
        }
        double[][] rows = new double[203][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = x[r.nextInt(n)].clone();
            rows[i][i % 6] = i % 5 == 0 ? Double.NaN : rows[i][i % 6] * 3; // missing cells and values beyond the training range
        }
        org.riskbench.engine.scoring.IsolationForest isolation = org.riskbench.engine.scoring.IsolationForest.fit(x, 30, 128, 2);
        for (Learner l : List.of(Learner.LOGISTIC, Learner.FOREST, Learner.GBDT, Learner.STACKING)) {
            TabularModel f = TabularTrainer.fitLearner(x, y, 2, l, TabularTrainerTest.SMALL, Progress.NONE);
            TabularModel model = new TabularModel(null, "y", List.of("no", "yes"), "yes", 0.4, l, f.logistic(), f.forest(), f.gbdt(),
                    f.meta(), isolation, null);
            TabularModel.Scorer block = model.scorer();
            double[][] p = new double[rows.length][2];
            int[] decided = new int[rows.length];
            double[] anomaly = new double[rows.length];
            block.score(rows, rows.length, p, decided, anomaly);
            TabularModel.Scorer single = model.scorer();
            for (int i = 0; i < rows.length; i++) {
                double[] expected = single.probabilities(rows[i]);
                assertThat(p[i]).as("%s row %d", l, i).isEqualTo(expected);
                assertThat(decided[i]).isEqualTo(single.decide(expected));
                assertThat(Double.doubleToLongBits(anomaly[i])).isEqualTo(Double.doubleToLongBits(isolation.score(rows[i])));
            }
        }
    }

    @Test
    void aScoredFileHoldsTheInputAndEachRowsOwnScoresInOrderOnAnyThreads(@TempDir Path dir) throws Exception {
        int n = 3 * TabularScoring.BLOCK + 17; // several blocks and a short last one
        Map<String, Object> train = TabularTrainerTest.table(1200, 11, true);
        TabularTrainer.Result res = TabularTrainer.train(Frame.of(train), Map.of(),
                TabularTrainer.Options.of("y", Learner.STACKING, 7).withFolds(3).withSizes(TabularTrainerTest.SMALL), Progress.NONE);
        SplittableRandom r = new SplittableRandom(12);
        double[] a = new double[n];
        String[] b = new String[n];
        String[] note = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 50 == 0 ? Double.NaN : r.nextDouble() * 2 - 1;
            b[i] = Double.toString(r.nextDouble() * 2 - 1); // a number column read as text: its text is written back
            note[i] = i % 3 == 0 ? "say \"hi\", then" : "plain";
        }
        Map<String, Object> cols = new LinkedHashMap<>();
        cols.put("a", a);
        cols.put("note", note);
        cols.put("b", b);
        Frame f = Frame.of(cols);
        TabularScoring.Summary one = TabularScoring.score(f, res.model(), dir.resolve("one.csv"), 1, Progress.NONE);
        TabularScoring.Summary two = TabularScoring.score(f, res.model(), dir.resolve("two.csv"), 2, Progress.NONE);
        assertThat(Files.readString(dir.resolve("two.csv"))).isEqualTo(Files.readString(dir.resolve("one.csv")));
        assertThat(two).isEqualTo(one);
        assertThat(one.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(n);

        List<String> lines = Files.readAllLines(dir.resolve("one.csv"));
        assertThat(lines).hasSize(n + 1);
        assertThat(lines.get(0)).isEqualTo("a,note,b,p_no,p_yes,predicted_class,anomaly_score");
        double[][] x = res.model().plan().transform(f).x();
        TabularModel.Scorer s = res.model().scorer();
        for (int i = 0; i < n; i += 97) {
            double[] p = s.probabilities(x[i]);
            String quotedNote = i % 3 == 0 ? "\"say \"\"hi\"\", then\"" : "plain";
            String expected = f.text("a", i) + "," + quotedNote + "," + b[i] + "," + TabularScoring.decimal(new StringBuilder(), p[0]) + ","
                    + TabularScoring.decimal(new StringBuilder(), p[1]) + "," + res.model().classes().get(s.decide(p)) + ","
                    + TabularScoring.decimal(new StringBuilder(), res.model().isolation().score(x[i]));
            assertThat(lines.get(i + 1)).isEqualTo(expected);
        }
        assertThat(lines.get(1)).startsWith(",");
    }

    @Test
    void scoresAreWrittenAsPlainDecimalsOfSixPlaces() {
        assertThat(text(0)).isEqualTo("0.0");
        assertThat(text(1)).isEqualTo("1.0");
        assertThat(text(0.25)).isEqualTo("0.25");
        assertThat(text(0.000125)).isEqualTo("0.000125");
        assertThat(text(0.0000004)).isEqualTo("0.0");
        assertThat(text(0.1234565)).isEqualTo("0.123457");
        assertThat(text(0.9999996)).isEqualTo("1.0");
        assertThat(text(-2.5)).isEqualTo("-2.5");
        for (double v = 0; v <= 1; v += 0.0012345) {
            assertThat(Double.parseDouble(text(v))).isEqualTo(Math.round(v * 1e6) / 1e6);
        }
    }

    @Test
    void numbersAreWrittenAsTheShortestTextThatReadsBackTheSame() {
        assertThat(Frame.number(new StringBuilder(), 12.0).toString()).isEqualTo("12");
        assertThat(Frame.number(new StringBuilder(), -0.1).toString()).isEqualTo("-0.1");
        assertThat(Frame.number(new StringBuilder(), Double.NaN).toString()).isEmpty();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            double v = r.nextGaussian() * Math.pow(10, r.nextInt(-8, 9));
            assertThat(Double.parseDouble(Frame.number(new StringBuilder(), v).toString())).isEqualTo(v);
        }
    }

    private static String text(double v) {
        return TabularScoring.decimal(new StringBuilder(), v).toString();
    }
}
