package org.riskbench.engine.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.riskbench.core.Json;
import org.riskbench.engine.learning.Evaluation;

/** Classification and regression metrics of the evaluate and monitor steps. */
public final class Metrics {
    private Metrics() {
    }

    /**
     * A model's metrics on a table. A step reports them by name ({@code train_f1}, {@code rmse}): the names are what
     * {@code update.metric}, the run's metrics and the bundle's manifest address.
     */
    public sealed interface Named permits Classification, Regression, Acceptance {
        /** The metrics by name (the record's JSON names), each after {@code prefix}, in the order the step reports them. */
        default Map<String, Object> named(String prefix) {
            Map<String, Object> named = new LinkedHashMap<>();
            Json.toMapInOrder(this).forEach((name, value) -> named.put(prefix + name, value));
            return named;
        }
    }

    /** A logistic model's counts at its threshold: {@code models/evaluation/confusion.json}, keys sorted. */
    @JsonPropertyOrder(alphabetic = true)
    public record Confusion(
            @JsonProperty("positive") String positive,
            @JsonProperty("tp") long tp,
            @JsonProperty("fp") long fp,
            @JsonProperty("tn") long tn,
            @JsonProperty("fn") long fn) {
    }

    /** A logistic model's classification metrics at its threshold. */
    @JsonPropertyOrder({"accuracy", "precision", "recall", "f1", "auc", "log_loss"})
    public record Classification(
            @JsonProperty("accuracy") double accuracy,
            @JsonProperty("precision") double precision,
            @JsonProperty("recall") double recall,
            @JsonProperty("f1") double f1,
            @JsonProperty("auc") double auc,
            @JsonProperty("log_loss") double logLoss) implements Named {
    }

    /** A BLRM's errors; {@code hitRate} the share of rows predicted within the hit band. */
    @JsonPropertyOrder({"rmse", "mae", "r2", "hit_rate"})
    public record Regression(
            @JsonProperty("rmse") double rmse,
            @JsonProperty("mae") double mae,
            @JsonProperty("r2") double r2,
            @JsonProperty("hit_rate") double hitRate) implements Named {
    }

    /**
     * A tuned acceptance profile replayed on a split: the replay's shares and rates, calibration's score of them, and
     * {@code feasible} 1 when the base profile's hard constraints hold (else 0 and the score is the infeasible one).
     */
    @JsonPropertyOrder({"pass_share", "derisk_share", "block_share", "coverage_empirical", "violation_rate", "flap_rate_k",
            "score", "feasible"})
    public record Acceptance(
            @JsonProperty("pass_share") double passShare,
            @JsonProperty("derisk_share") double deriskShare,
            @JsonProperty("block_share") double blockShare,
            @JsonProperty("coverage_empirical") double coverageEmpirical,
            @JsonProperty("violation_rate") double violationRate,
            @JsonProperty("flap_rate_k") double flapRateK,
            @JsonProperty("score") double score,
            @JsonProperty("feasible") int feasible) implements Named {
    }

    static Confusion confusion(Table t, String target, String positive, double[] p, double threshold) {
        return confusion(actual(t, target, positive, p.length), positive, p, threshold);
    }

    private static Confusion confusion(boolean[] y, String positive, double[] p, double threshold) {
        long[][] cm = Evaluation.binary(y, p, threshold).counts();
        return new Confusion(positive, cm[1][1], cm[0][1], cm[0][0], cm[1][0]);
    }

    static Classification classification(Table t, String target, String positive, double[] p, double threshold) {
        boolean[] y = actual(t, target, positive, p.length);
        Confusion c = confusion(y, positive, p, threshold);
        double tp = c.tp();
        double fp = c.fp();
        double tn = c.tn();
        double fn = c.fn();
        double precision = tp + fp == 0 ? 0 : tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : tp / (tp + fn);
        return new Classification(p.length == 0 ? 0 : (tp + tn) / p.length, precision, recall,
                precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall), Evaluation.auc(p, y),
                Evaluation.logLoss(p, y));
    }

    /** Whether each of the first {@code n} rows' target is the positive class. */
    private static boolean[] actual(Table t, String target, String positive, int n) {
        int ti = t.require(target, "metrics");
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = t.rows().get(i)[ti].equals(positive);
        }
        return y;
    }

    static Regression regression(double[] actual, double[] pred, double band) {
        double se = 0;
        double ae = 0;
        double mean = 0;
        int hits = 0;
        for (double a : actual) {
            mean += a;
        }
        mean /= Math.max(1, actual.length);
        double tss = 0;
        for (int i = 0; i < actual.length; i++) {
            double e = pred[i] - actual[i];
            se += e * e;
            ae += Math.abs(e);
            tss += (actual[i] - mean) * (actual[i] - mean);
            if (Math.abs(e) <= band) {
                hits++;
            }
        }
        int n = Math.max(1, actual.length);
        return new Regression(Math.sqrt(se / n), ae / n, tss == 0 ? Double.NaN : 1 - se / tss, hits / (double) n);
    }
}
