package org.riskbench.engine.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreHeatMapTest {
    private static final List<String> PATHS = List.of("a", "b", "c");
    private static final List<List<String>> VALUES = List.of(List.of("1", "2"), List.of("x", "y"), List.of("p", "q"));

    /** Every point of the 2 x 2 x 2 grid, in grid order; the score is given per point, NaN for an infeasible one. */
    private static List<ScoreHeatMap.Point> points(double... scores) {
        List<ScoreHeatMap.Point> out = new java.util.ArrayList<>();
        int k = 0;
        for (String a : VALUES.get(0)) {
            for (String b : VALUES.get(1)) {
                for (String c : VALUES.get(2)) {
                    double s = scores[k];
                    out.add(new ScoreHeatMap.Point(k, List.of(a, b, c), s, !Double.isNaN(s)));
                    k++;
                }
            }
        }
        return out;
    }

    @Test
    void eachCellIsTheBestFeasiblePointOverTheFreeParameterOrTheFixedValue() {
        List<ScoreHeatMap.Point> points = points(0.1, 0.7, 0.5, Double.NaN, Double.NaN, Double.NaN, 0.9, 0.2);

        ScoreHeatMap best = ScoreHeatMap.of(PATHS, VALUES, points, 0, 1, Map.of());
        assertThat(best.score()[0][0]).isEqualTo(0.7); // a=1, b=x: c free, best of 0.1 and 0.7
        assertThat(best.bestPoint()[0][0]).isEqualTo(1);
        assertThat(best.score()[1][0]).isEqualTo(0.5); // a=1, b=y: the infeasible point does not count
        assertThat(best.score()[0][1]).isNaN(); // a=2, b=x: no feasible point
        assertThat(best.bestPoint()[0][1]).isEqualTo(-1);
        assertThat(best.count()[0][1]).isEqualTo(2);
        assertThat(best.score()[1][1]).isEqualTo(0.9);
        assertThat(best.scoredCells()).isEqualTo(3);

        ScoreHeatMap fixed = ScoreHeatMap.of(PATHS, VALUES, points, 0, 1, Map.of("c", "q"));
        assertThat(fixed.score()[0][0]).isEqualTo(0.7);
        assertThat(fixed.score()[1][1]).isEqualTo(0.2);
        assertThat(fixed.count()[1][1]).isEqualTo(1);
        assertThat(fixed.xPath()).isEqualTo("a");
        assertThat(fixed.yValues()).containsExactly("x", "y");
    }
}
