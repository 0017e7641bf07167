package org.riskbench.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunQueryTest {
    private static final Map<String, Object> RUN = new HashMap<>(Map.of(
            "metrics.f1", 0.85, "params.seed", 42, "params.config.shock_sd", 0.05, "kind", "scenario",
            "status", "succeeded", "name", "blrm synthetic", "params.best_by", "p_hit", "tags.owner", "ana"));

    private static boolean matches(String query) {
        return RunQuery.parse(query).matches(RUN::get);
    }

    @Test
    void parsesTheSpecExampleWithAndBindingTighterThanOr() {
        assertThat(RunQuery.parse("metrics.f1 > 0.8 and params.seed = 42").toString())
                .isEqualTo("(metrics.f1 > 0.8 and params.seed = 42.0)");
        assertThat(RunQuery.parse("kind = a or kind = b and not status = failed").toString())
                .isEqualTo("(kind = 'a' or (kind = 'b' and not status = 'failed'))");
        assertThat(RunQuery.parse("(kind = a or kind = b) and id != x").toString())
                .isEqualTo("((kind = 'a' or kind = 'b') and id != 'x')");
    }

    @Test
    void numbersCompareNumericallyAndStringsTextually() {
        assertThat(matches("metrics.f1 > 0.8 and params.seed = 42")).isTrue();
        assertThat(matches("metrics.f1 >= 0.85 and metrics.f1 <= 0.85 and metrics.f1 < 0.9")).isTrue();
        assertThat(matches("params.seed = 42.0")).isTrue();
        assertThat(matches("params.seed > 9")).isTrue(); // textually "42" < "9"; numerically not
        assertThat(matches("params.config.shock_sd = 0.05")).isTrue();
        assertThat(matches("kind = scenario and status != failed")).isTrue();
        assertThat(matches("name = 'blrm synthetic'")).isTrue();
        assertThat(matches("name = \"blrm synthetic\"")).isTrue();
        assertThat(matches("params.best_by < q")).isTrue();
        assertThat(matches("tags.owner = ana")).isTrue();
        assertThat(matches("not (kind = replay or metrics.f1 < 0.5)")).isTrue();
        assertThat(matches("KIND = scenario AND Status = succeeded")).isTrue();
    }

    @Test
    void aMissingFieldIsFalseWhateverTheOperator() {
        assertThat(matches("metrics.auc > 0")).isFalse();
        assertThat(matches("metrics.auc != 0")).isFalse();
        assertThat(matches("not metrics.auc = 1")).isTrue();
        assertThat(matches("project = x")).isFalse();
    }

    @Test
    void aBlankQueryMatchesEverything() {
        assertThat(RunQuery.parse("  ")).isSameAs(RunQuery.ALL);
        assertThat(RunQuery.parse(null).matches(f -> null)).isTrue();
    }

    @Test
    void aMissingValuePointsAtTheTokenFound() {
        assertThatThrownBy(() -> RunQuery.parse("metrics.accuracy > and params.seed = 1"))
                .isInstanceOf(QueryException.class)
                .hasMessage("query:1:20: expected a value after '>' but found 'and'")
                .satisfies(e -> {
                    assertThat(((QueryException) e).column()).isEqualTo(20);
                    assertThat(((QueryException) e).token()).isEqualTo("and");
                });
    }

    @Test
    void otherErrorsNameTheColumnAndToken() {
        assertThatThrownBy(() -> RunQuery.parse("metrics.f1 >"))
                .hasMessage("query:1:13: expected a value after '>' but found the end of the query");
        assertThatThrownBy(() -> RunQuery.parse("seed = 42"))
                .hasMessageStartingWith("query:1:1: unknown field 'seed'; use metrics.<key>");
        assertThatThrownBy(() -> RunQuery.parse("params. = 1"))
                .hasMessageStartingWith("query:1:1: expected a key after 'params.'");
        assertThatThrownBy(() -> RunQuery.parse("kind scenario"))
                .hasMessage("query:1:6: expected a comparison (= != < <= > >=) after 'kind' but found 'scenario'");
        assertThatThrownBy(() -> RunQuery.parse("(kind = a or kind = b"))
                .hasMessage("query:1:22: expected ')' to close the '(' at column 1 but found the end of the query");
        assertThatThrownBy(() -> RunQuery.parse("kind = a kind = b"))
                .hasMessage("query:1:10: expected 'and', 'or' or the end of the query but found 'kind'");
        assertThatThrownBy(() -> RunQuery.parse("name = 'open"))
                .hasMessage("query:1:8: the string starting here has no closing '");
        assertThatThrownBy(() -> RunQuery.parse("kind ! a"))
                .hasMessageStartingWith("query:1:6: '!' must be followed by '='");
        assertThatThrownBy(() -> RunQuery.parse("and = 1"))
                .hasMessageStartingWith("query:1:1: expected a field");
    }
}
