package org.riskbench.engine.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoringAlgorithmsTest {

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void aForestWithMoreThan128BinsSplitsOnTheHighBinsToo() {
        // a class boundary at x = 200 lies in bin ~200 of 256: bins are unsigned bytes
        int n = 2000;
        double[][] x = new double[n][1];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = i % 256;
            y[i] = x[i][0] >= 200 ? 1 : 0;
        }
        Forest forest = Forest.fit(x, y, 2, new Forest.Config(5, 4, 1, 256, 7));
        assertThat(forest.predict(new double[] {230})[1]).isGreaterThan(0.9);
        assertThat(forest.predict(new double[] {100})[1]).isLessThan(0.1);
        assertThat(forest.predict(new double[] {190})[1]).isLessThan(0.1);
    }

    @Test
    void isolationForestFlagsPlantedOutliers() {
        SplittableRandom r = new SplittableRandom(1);
        double[][] x = new double[1010][3];
        for (int i = 0; i < 1000; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = gaussian(r);
            }
        }
        for (int i = 1000; i < 1010; i++) {
            x[i] = new double[] {8 + r.nextDouble(), -8 - r.nextDouble(), 8};
        }
        IsolationForest f = IsolationForest.fit(x, 100, 256, 3);
        double[] s = Arrays.stream(x).mapToDouble(f::score).toArray();
        double maxInlier = Arrays.stream(s, 0, 1000).sorted().toArray()[989]; // 99th percentile of inliers
        for (int i = 1000; i < 1010; i++) {
            assertThat(s[i]).isGreaterThan(0.6).isGreaterThan(maxInlier);
        }
        assertThat(Arrays.stream(s, 0, 1000).average().orElseThrow()).isLessThan(0.5);
        assertThat(IsolationForest.c(256)).isCloseTo(10.24, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void kMeansRecoversSeparatedBlobs() {
        SplittableRandom r = new SplittableRandom(2);
        double[][] centres = {{0, 0}, {20, 0}, {0, 20}};
        double[][] x = new double[600][];
        for (int i = 0; i < 600; i++) {
            double[] c = centres[i / 200];
            x[i] = new double[] {c[0] + gaussian(r), c[1] + gaussian(r)};
        }
        Clusters k = Clusters.fit(x, 3, 5000, 4);
        int[] label = new int[600];
        for (int i = 0; i < 600; i++) {
            label[i] = k.assign(x[i]).cluster();
        }
        for (int b = 0; b < 3; b++) {
            int first = label[b * 200];
            for (int i = b * 200; i < (b + 1) * 200; i++) {
                assertThat(label[i]).isEqualTo(first);
            }
        }
        assertThat(Arrays.stream(label).distinct().count()).isEqualTo(3);
        // normalised by the cluster's p95: about 5% of the rows are beyond 1, a far point well beyond
        long beyond = Arrays.stream(x).filter(p -> k.assign(p).distance() > 1).count();
        assertThat(beyond).isBetween(15L, 45L);
        assertThat(k.assign(new double[] {10, 10}).distance()).isGreaterThan(2);
    }

    @Test
    void qLearningConvergesToTheCheapestActionPerState() {
        // two classes, one anomaly edge; true class = 1 in 70% of state (0, high anomaly), 10% elsewhere
        double[][] cost = {{0, 1}, {5, 0}};
        SplittableRandom r = new SplittableRandom(3);
        int n = 4000;
        int[] sup = new int[n];
        double[] anomaly = new double[n];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            sup[i] = r.nextInt(2);
            anomaly[i] = r.nextDouble();
            double pBad = sup[i] == 0 && anomaly[i] >= 0.5 ? 0.7 : sup[i] == 1 ? 0.9 : 0.1;
            truth[i] = r.nextDouble() < pBad ? 1 : 0;
        }
        QPolicy p = QPolicy.learn(sup, anomaly, truth, 2, new double[] {0.5}, cost, QPolicy.Config.defaults(5));
        // expected costs: state (0, low): act 0 -> 0.1*5 = 0.5, act 1 -> 0.9 => 0; (0, high): 0.7*5 = 3.5 vs 0.3 => 1
        assertThat(p.act(0, 0.2)).isZero();
        assertThat(p.act(0, 0.8)).isEqualTo(1);
        assertThat(p.act(1, 0.2)).isEqualTo(1);
        int s = p.state(0, 0.8);
        assertThat(p.q()[s][1]).isCloseTo(-0.3, org.assertj.core.data.Offset.offset(0.05));
        assertThat(p.q()[s][0]).isCloseTo(-3.5, org.assertj.core.data.Offset.offset(0.3));
        // same seed, same table
        assertThat(QPolicy.learn(sup, anomaly, truth, 2, new double[] {0.5}, cost, QPolicy.Config.defaults(5)).q())
                .isDeepEqualTo(p.q());
    }

    @Test
    void policyKeepsTheSupervisedClassInAStateWithFewerValidationRowsThanTheMinimum() {
        double[][] cost = {{0, 1}, {5, 0}};
        // state (0, high): 29 rows, all truly 1: overriding would pay, but 29 rows are below the minimum of 30
        int n = 29 + 200;
        int[] sup = new int[n];
        double[] anomaly = new double[n];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            anomaly[i] = i < 29 ? 0.9 : 0.1;
            truth[i] = i < 29 ? 1 : 0;
        }
        QPolicy p = QPolicy.learn(sup, anomaly, truth, 2, new double[] {0.5}, cost, QPolicy.Config.defaults(5));
        assertThat(p.act(0, 0.9)).isZero();
        assertThat(p.visits()[p.state(0, 0.9)]).isZero();
        QPolicy loose = QPolicy.learn(sup, anomaly, truth, 2, new double[] {0.5}, cost, new QPolicy.Config(30, 0.2, 5, 29));
        assertThat(loose.act(0, 0.9)).isEqualTo(1);
    }

    private static Table table(Map<String, String[]> cols) {
        return new Table(List.copyOf(cols.keySet()), cols);
    }

    @Test
    void alignmentHandlesUnseenCategoriesMissingColumnsAndNonFiniteValues() {
        Map<String, String[]> train = new LinkedHashMap<>();
        train.put("a", new String[] {"1", "2", "3"});
        train.put("b", new String[] {"5", "6", "7"});
        train.put("kind", new String[] {"x", "y", "x"});
        Alignment al = Alignment.fit(table(train), List.of("a", "b"), List.of("kind"));
        assertThat(al.columns()).containsExactly("a", "b", "kind=x", "kind=y");

        Map<String, String[]> batch = new LinkedHashMap<>();
        batch.put("extra", new String[] {"q", "q", "q", "q"});  // unused: dropped
        batch.put("kind", new String[] {"z", "y", "", "x"});   // z unseen, "" missing -> zeros
        batch.put("a", new String[] {"inf", "NaN", "4", "-Infinity"});
        // column b entirely missing -> 0
        double[][] x = al.transform(table(batch));
        assertThat(x).hasDimensions(4, 4);
        assertThat(x[0]).containsExactly(4, 0, 0, 0);
        assertThat(x[1]).containsExactly(4, 0, 0, 1);
        assertThat(x[2]).containsExactly(4, 0, 0, 0);
        assertThat(x[3]).containsExactly(4, 0, 1, 0);

        Map<String, String[]> allMissing = new LinkedHashMap<>();
        allMissing.put("a", new String[] {"", "NA"});
        allMissing.put("b", new String[] {"1", "3"});
        allMissing.put("kind", new String[] {"y", "y"});
        double[][] y = al.transform(table(allMissing));
        assertThat(y[0]).containsExactly(0, 1, 0, 1);
        assertThat(Alignment.median(new double[] {Double.NaN, 1, 2, 10})).isEqualTo(2);
    }

    @Test
    void guardrailsRaiseButNeverLower() {
        Guardrails g = Guardrails.defaults();
        Map<String, String[]> c = new LinkedHashMap<>();
        // row 0: above threshold; row 1: cash at limit; rows 2-4: structuring (3 just below within 7 days);
        // row 5: ordinary; row 6: above threshold but already preocupante
        c.put("customer_id", new String[] {"A", "B", "C", "C", "C", "D", "E"});
        c.put("date", new String[] {"2024-01-01", "2024-01-01", "2024-02-01", "2024-02-03", "2024-02-07", "2024-01-01", "2024-01-01"});
        c.put("amount", new String[] {"12000", "10000", "9500", "9200", "9900", "50", "20000"});
        c.put("sector", new String[] {"comercio", "comercio", "comercio", "comercio", "comercio", "comercio", "comercio"});
        c.put("is_cash", new String[] {"0", "1", "1", "1", "1", "0", "0"});
        String[] in = {"limpio", "limpio", "limpio", "relevante", "preocupante", "inusual", "preocupante"};
        Guardrails.Outcome o = g.apply(table(c), in);
        assertThat(o.classes()).containsExactly("relevante", "inusual", "preocupante", "preocupante", "preocupante", "inusual",
                "preocupante");
        assertThat(o.fired().get(0)).containsExactly(Guardrails.REPORTING);
        assertThat(o.fired().get(1)).contains(Guardrails.CASH, Guardrails.REPORTING);
        assertThat(o.fired().get(2)).containsExactly(Guardrails.STRUCTURING);
        assertThat(o.fired().get(5)).isEmpty();
        assertThat(o.raised()).isEqualTo(4);
        // property: for any input classes, the output is never lower
        SplittableRandom r = new SplittableRandom(9);
        List<String> order = g.classOrder();
        for (int trial = 0; trial < 200; trial++) {
            String[] cls = new String[7];
            for (int i = 0; i < 7; i++) {
                cls[i] = order.get(r.nextInt(4));
            }
            String[] out = g.apply(table(c), cls).classes();
            for (int i = 0; i < 7; i++) {
                assertThat(order.indexOf(out[i])).isGreaterThanOrEqualTo(order.indexOf(cls[i]));
            }
        }
    }

    @Test
    void structuringNeedsTheWindowAndTheSum() {
        Map<String, String[]> c = new LinkedHashMap<>();
        // 3 just-below but spread over 10 days: not structuring
        c.put("customer_id", new String[] {"C", "C", "C"});
        c.put("date", new String[] {"2024-02-01", "2024-02-05", "2024-02-11"});
        c.put("amount", new String[] {"9500", "9200", "9900"});
        c.put("sector", new String[] {"comercio", "comercio", "comercio"});
        c.put("is_cash", new String[] {"0", "0", "0"});
        Guardrails.Outcome o = Guardrails.defaults().apply(table(c), new String[] {"limpio", "limpio", "limpio"});
        assertThat(o.classes()).containsOnly("limpio");
    }
}
