package org.riskbench.engine.scenario;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;

class ScenarioDataReaderTest {
    @TempDir
    Path dir;

    @Test
    void aHeaderOnlyFileIsRefusedAsHavingNoDataRows() {
        Path file = TestFiles.write(dir, "h.csv", "age,target\n");

        assertThatThrownBy(() -> ScenarioDataReader.read(file, "target")).isInstanceOf(InputException.class)
                .hasMessage(file + ":1: the file has a header row but no data rows");
    }

    @Test
    void aSemicolonSeparatedFileIsRefusedSayingSo() {
        Path file = TestFiles.write(dir, "s.csv", "age;target\n1;2\n3;4\n");

        assertThatThrownBy(() -> ScenarioDataReader.read(file, "target")).isInstanceOf(InputException.class)
                .hasMessageContaining("no target column \"target\"").hasMessageContaining("separated by ';'");
    }
}
