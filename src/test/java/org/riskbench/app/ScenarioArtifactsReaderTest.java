package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;
import org.riskbench.engine.scenario.ScenarioMetrics;

class ScenarioArtifactsReaderTest {

    private static Path runs(Path dir, List<String> header, List<List<Object>> rows) throws Exception {
        Path f = dir.resolve("runs.csv");
        StringBuilder text = new StringBuilder(String.join(",", header)).append('\n');
        for (List<Object> row : rows) {
            text.append(String.join(",", row.stream().map(String::valueOf).toList())).append('\n');
        }
        Files.writeString(f, text);
        return f;
    }

    @Test
    void runsAreReadByNameInAnyColumnOrder(@TempDir Path dir) throws Exception {
        ScenarioMetrics m = new ScenarioMetrics(3, 1234567890123L, 500, 0.5, 0.9, 0.1, 0.2, 0.5, 0.8, 0.85, 0.01, 0.02,
                0.25, 7, 0.125);
        List<String> header = new java.util.ArrayList<>(ScenarioMetrics.COLUMNS);
        List<Object> values = new java.util.ArrayList<>(m.values());
        java.util.Collections.reverse(header);
        java.util.Collections.reverse(values);
        assertThat(ScenarioArtifactsReader.readRuns(runs(dir, header, List.of(values)))).containsExactly(m);
    }

    @Test
    void aMissingColumnOrABadNumberIsRefusedNamingTheLine(@TempDir Path dir) throws Exception {
        List<String> header = ScenarioMetrics.COLUMNS.subList(1, ScenarioMetrics.COLUMNS.size());
        Path f = runs(dir, header, List.of());
        assertThatThrownBy(() -> ScenarioArtifactsReader.readRuns(f)).isInstanceOf(InputException.class)
                .hasMessage(f + ":1: column \"scenario_id\" is missing");

        List<Object> good = new java.util.ArrayList<>(new ScenarioMetrics(0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).values());
        List<Object> bad = new java.util.ArrayList<>(good);
        bad.set(ScenarioMetrics.COLUMNS.indexOf("avg_score"), "high");
        Path g = runs(dir, ScenarioMetrics.COLUMNS, List.of(good, bad));
        assertThatThrownBy(() -> ScenarioArtifactsReader.readRuns(g)).isInstanceOf(InputException.class)
                .hasMessage(g + ":3: not a number: For input string: \"high\"");
    }
}
