package org.riskbench.engine.tabular;

import java.util.Locale;
import org.riskbench.core.InputException;

/** The learners of the general trainer. */
public enum Learner {
    /** Regularised multinomial logistic regression. */
    LOGISTIC,
    /** Random forest of CART trees. */
    FOREST,
    /** Histogram gradient-boosted trees. */
    GBDT,
    /** Logistic regression, forest and GBDT stacked by a logistic meta-learner on out-of-fold predictions. */
    STACKING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code auto} is stacking: the strongest on the benchmarks (README), and the evaluation shows what it earns. */
    public static Learner parse(String s) {
        String t = s == null ? "auto" : s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return STACKING;
        }
        for (Learner l : values()) {
            if (l.label().equals(t)) {
                return l;
            }
        }
        throw new InputException("--learner: '" + s + "' is not one of auto, logistic, forest, gbdt, stacking");
    }
}
