package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.riskbench.core.Json;

class ModelClassScoresTest {
    @Test
    void precisionAndRecallPerClassComeFromTheHoldoutConfusionMatrix() throws Exception {
        // rows: true class, columns: predicted; b is never predicted
        var holdout = Json.MAPPER.readTree("{\"confusion_order\": [\"a\", \"b\", \"c\"],"
                + " \"confusion_matrix\": [[8, 0, 2], [1, 0, 3], [0, 0, 6]]}");
        var scores = RetrainingService.perClass(holdout);
        assertThat(scores).extracting(RetrainingService.ClassScore::name).containsExactly("a", "b", "c");
        assertThat(scores.get(0).precision()).isEqualTo(8.0 / 9);
        assertThat(scores.get(0).recall()).isEqualTo(8.0 / 10);
        assertThat(scores.get(1).precision()).isNull();
        assertThat(scores.get(1).recall()).isZero();
        assertThat(scores.get(2).precision()).isEqualTo(6.0 / 11);
        assertThat(scores.get(2).recall()).isEqualTo(1.0);
        assertThat(RetrainingService.perClass(Json.MAPPER.readTree("{}"))).isEmpty();
    }
}
