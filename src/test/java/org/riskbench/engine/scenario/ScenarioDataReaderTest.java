package org.riskbench.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;

class ScenarioDataReaderTest {
    @TempDir
    Path dir;

    private Path table(int rows, String ageCellAtRow3, String grade) {
        StringBuilder csv = new StringBuilder("age,grade,bmi,target\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i == 3 ? ageCellAtRow3 : Integer.toString(20 + i)).append(',').append(grade.isEmpty() ? "A" : grade)
                    .append(',').append(18 + (i * 7) % 13).append(',').append(100 + 3 * i + (i % 4)).append('\n');
        }
        return TestFiles.write(dir, "t.csv", csv.toString());
    }

    @Test
    void aColumnOfNumbersWithOneTypoIsIgnoredWithAWarningNamingFileLineColumnAndValue() {
        Path file = table(40, "abc", "");

        ScenarioData data = ScenarioDataReader.read(file, "target");

        assertThat(data.featureNames()).containsExactly("bmi");
        assertThat(data.warnings()).singleElement().satisfies(w -> assertThat(w)
                .startsWith(file + ":5:1: column \"age\" is numeric except \"abc\" (1 of 40 values)"));
        ScenarioData.IgnoredColumn age = data.ignoredColumns().stream().filter(c -> c.name().equals("age")).findFirst()
                .orElseThrow();
        assertThat(age.cells()).isEqualTo(new ScenarioData.NonNumericCells(39, 1, 5, 1, "abc"));
        assertThat(age.reason()).startsWith("mostly numeric");
    }

    @Test
    void aTextColumnGetsNoWarning() {
        ScenarioData data = ScenarioDataReader.read(table(40, "41", "A"), "target");

        assertThat(data.ignoredColumns()).extracting(ScenarioData.IgnoredColumn::name).containsExactly("grade");
        assertThat(data.warnings()).isEmpty();
    }

    @Test
    void mostlyNumericMeansNumbersInTheMajorityAndAtMostTenPercentOrOneCellNot() {
        assertThat(new ScenarioData.NonNumericCells(4, 1, 2, 1, "x").mostlyNumeric()).as("1 of 5").isTrue();
        assertThat(new ScenarioData.NonNumericCells(90, 10, 2, 1, "x").mostlyNumeric()).as("10 of 100").isTrue();
        assertThat(new ScenarioData.NonNumericCells(89, 11, 2, 1, "x").mostlyNumeric()).as("11 of 100").isFalse();
        assertThat(new ScenarioData.NonNumericCells(8, 2, 2, 1, "x").mostlyNumeric()).as("2 of 10").isFalse();
        assertThat(new ScenarioData.NonNumericCells(1, 1, 2, 1, "x").mostlyNumeric()).as("1 of 2").isFalse();
        assertThat(new ScenarioData.NonNumericCells(0, 40, 2, 1, "x").mostlyNumeric()).as("text").isFalse();
    }

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
