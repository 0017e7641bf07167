package org.riskbench.engine.pipeline;

import org.riskbench.engine.learning.Evaluation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.riskbench.core.InputException;

class PipelineFormulasTest {
    private static Table table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"1", "10", "2", "a"});
        rows.add(new String[] {"2", "9", "0", "b"});
        rows.add(new String[] {"3", "", "4", "a"});
        return new Table(List.of("id", "x", "y", "c"), rows);
    }

    @Test
    void deriveDividesAndLeavesMissingOnZeroOrMissing() {
        assertThat(Expressions.derive("x / y", table(), "t")).containsExactly("5", "", "");
        assertThat(Expressions.derive("y * 2.5", table(), "t")).containsExactly("5", "0", "10");
    }

    @Test
    void conditionsCompareNumbersTextAndMissing() {
        Table t = table();
        assertThat(t.rows().stream().filter(Expressions.condition("x >= 9", t, "t")).count()).isEqualTo(2);
        assertThat(t.rows().stream().filter(Expressions.condition("c == a", t, "t")).count()).isEqualTo(2);
        assertThat(t.rows().stream().filter(Expressions.condition("x is missing", t, "t")).count()).isEqualTo(1);
        assertThatThrownBy(() -> Expressions.condition("z > 1", t, "project.yaml: clean.filters[0]"))
                .isInstanceOf(InputException.class).hasMessageContaining("clean.filters[0]").hasMessageContaining("'z'");
    }

    @Test
    void psiIsZeroForTheSameSampleAndMatchesAHandComputedShift() {
        double[] ref = {1, 2, 3, 4};
        assertThat(Drift.psi(ref, ref, 2)).isZero();
        // edges at 3: reference shares 0.5/0.5, batch {3,4,4,4} all in the upper bin -> 0.5 and 1e-4 floor
        double expected = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + (1 - 0.5) * Math.log(1 / 0.5);
        assertThat(Drift.psi(ref, new double[] {3, 4, 4, 4}, 2)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Drift.psiCategorical(new String[] {"a", "b"}, new String[] {"a", "b"})).isZero();
    }

    @Test
    void ksFindsASeparatedSampleAndNotTheSameOne() {
        double[] a = new double[200];
        double[] b = new double[200];
        for (int i = 0; i < 200; i++) {
            a[i] = i;
            b[i] = i + 150;
        }
        assertThat(Drift.ks(a, a)[1]).isGreaterThan(0.9);
        assertThat(Drift.ks(a, b)[0]).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Drift.ks(a, b)[1]).isLessThan(1e-6);
    }

    @Test
    void aucIsTheShareOfCorrectlyOrderedPairs() {
        assertThat(Evaluation.auc(new double[] {0.1, 0.4, 0.5, 0.8}, new boolean[] {false, true, false, true})).isEqualTo(0.75);
    }
}
