package org.riskbench.engine.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.acceptance.ParamType;

class GridTest {

    @TempDir
    Path dir;

    @Test
    void parsesTheSpecExampleWithBracketedAndBareLists() {
        Grid g = Grid.parse("hysteresis.dwell_pass=[5,10];kappa.tau_pass=0.72,0.75;guards.latency_p95.soft=[250,300,350]");
        assertThat(g.size()).isEqualTo(12);
        assertThat(g.paths()).containsExactly("hysteresis.dwell_pass", "kappa.tau_pass", "guards.latency_p95.soft");
        assertThat(g.assignments().get(0).values()).containsExactly(5, 10);
        assertThat(g.assignments().get(0).type()).isEqualTo(ParamType.INTEGER);
        assertThat(g.assignments().get(1).values()).containsExactly(0.72, 0.75);
        // an integer literal for a decimal key becomes a decimal
        assertThat(g.assignments().get(2).values()).containsExactly(250.0, 300.0, 350.0);
    }

    @Test
    void acceptsSpacesBooleansTrailingSemicolonAndPrefixesKeepingThePathAsWritten() {
        Grid g = Grid.parse(" acceptance.hysteresis.fast_path = [ true , false ] ; governance.acceptance.warmup=20,30 ;");
        assertThat(g.paths()).containsExactly("acceptance.hysteresis.fast_path", "governance.acceptance.warmup");
        assertThat(g.assignments().get(0).key()).isEqualTo("hysteresis.fast_path");
        assertThat(g.assignments().get(0).values()).containsExactly(true, false);
        assertThat(g.assignments().get(1).key()).isEqualTo("warmup");
        assertThat(g.size()).isEqualTo(4);
    }

    @Test
    void pointsFollowTheNestedLoopOrderLastAssignmentFastest() {
        Grid g = Grid.parse("hysteresis.dwell_pass=[5,10];kappa.tau_pass=0.72,0.75;guards.latency_p95.soft=[250,300,350]");
        List<List<Object>> expected = new ArrayList<>();
        for (int a : new int[] {5, 10}) {
            for (double b : new double[] {0.72, 0.75}) {
                for (double c : new double[] {250, 300, 350}) {
                    expected.add(List.of(a, b, c));
                }
            }
        }
        for (int i = 0; i < g.size(); i++) {
            assertThat(Arrays.asList(g.point(i))).as("point %d", i).isEqualTo(expected.get(i));
        }
        assertThat(g.point(7)).containsExactly(10, 0.72, 300.0); // 7 = 1*6 + 0*3 + 1
        assertThatThrownBy(() -> g.point(12)).isInstanceOf(IndexOutOfBoundsException.class);
        AcceptanceProfile p = g.apply(AcceptanceProfile.defaults(), 7);
        assertThat(p.get("hysteresis.dwell_pass")).isEqualTo(10);
        assertThat(p.get("guards.latency_p95.soft")).isEqualTo(300.0);
    }

    @Test
    void readsTxtFilesWithCommentsAndBlankLines() throws Exception {
        Path f = dir.resolve("g.txt");
        Files.writeString(f, "# a grid\n\nhysteresis.dwell_pass=[5,10]   # trailing comment\n  \nkappa.tau_pass=0.4,0.5\n");
        Grid g = Grid.parse("@" + f);
        assertThat(g.paths()).containsExactly("hysteresis.dwell_pass", "kappa.tau_pass");
        assertThat(g.size()).isEqualTo(4);
        assertThat(g.spec()).isEqualTo("@" + f);
    }

    @Test
    void readsYamlYmlAndJsonMappings() throws Exception {
        Path yaml = dir.resolve("g.yaml");
        Files.writeString(yaml, "# comment\nhysteresis.dwell_pass: [5, 10]\nkappa.tau_pass: [0.4, 0.5, 0.6]\n");
        Path yml = dir.resolve("g.yml");
        Files.writeString(yml, "hysteresis:\n  dwell_pass: [5, 10]\nkappa.tau_pass: 0.4\nsigma_floor: [1e-9]\n");
        Path json = dir.resolve("g.json");
        Files.writeString(json, "{\"hysteresis.dwell_pass\": [5, 10], \"hysteresis.fast_path\": [true, false]}");
        assertThat(Grid.parse("@" + yaml).size()).isEqualTo(6);
        Grid g = Grid.parse("@" + yml);
        assertThat(g.paths()).containsExactly("hysteresis.dwell_pass", "kappa.tau_pass", "sigma_floor");
        assertThat(g.assignments().get(2).values()).containsExactly(1e-9);
        Grid j = Grid.parse("@" + json);
        assertThat(j.assignments().get(1).values()).containsExactly(true, false);
    }

    @Test
    void theSampleGridsAreEqual() {
        Grid txt = Grid.parse("@sample-data/grids/basic.txt");
        Grid yaml = Grid.parse("@sample-data/grids/basic.yaml");
        assertThat(txt.size()).isBetween(12L, 36L);
        // the same assignments (the text each was written as aside)
        assertThat(txt.assignments()).map(a -> List.of(a.path(), a.key(), a.type(), a.values()))
                .isEqualTo(yaml.assignments().stream().map(a -> List.of(a.path(), a.key(), a.type(), a.values())).toList());
    }

    @Test
    void refusesUnknownPathSuggestingTheNearest() {
        assertThatThrownBy(() -> Grid.parse("hysteresis.dwell_pas=[5,10]"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("hysteresis.dwell_pas=[5,10]")
                .hasMessageContaining("did you mean 'hysteresis.dwell_pass'");
        assertThatThrownBy(() -> Grid.parse("kappa.tau_pass=0.4;dwell_pass=5"))
                .hasMessageContaining("grid assignment 2 'dwell_pass=5'")
                .hasMessageContaining("did you mean 'hysteresis.dwell_pass'");
        assertThatThrownBy(() -> Grid.parse("guards=1")).hasMessageContaining("'guards' is not a parameter");
    }

    @Test
    void refusesValuesOfTheWrongType() {
        assertThatThrownBy(() -> Grid.parse("kappa.tau_pass=0.4,high"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("kappa.tau_pass=0.4,high").hasMessageContaining("'high'")
                .hasMessageContaining("a decimal number");
        assertThatThrownBy(() -> Grid.parse("hysteresis.dwell_pass=2.5")).hasMessageContaining("an integer");
        assertThatThrownBy(() -> Grid.parse("hysteresis.fast_path=1")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> Grid.parse("hysteresis.dwell_pass=true")).hasMessageContaining("an integer");
        assertThatThrownBy(() -> Grid.parse("warmup=1")).hasMessageContaining("warmup=1").hasMessageContaining("warmup");
    }

    @Test
    void refusesJsonStringsForNumericKeys() throws Exception {
        Path json = dir.resolve("s.json");
        Files.writeString(json, "{\"kappa.tau_pass\": [\"0.4\", 0.5]}");
        assertThatThrownBy(() -> Grid.parse("@" + json)).isInstanceOf(InputException.class)
                .hasMessageContaining("kappa.tau_pass").hasMessageContaining("'0.4'").hasMessageContaining("a decimal number");
    }

    @Test
    void refusesEmptyValueLists() {
        assertThatThrownBy(() -> Grid.parse("kappa.tau_pass=[]")).isInstanceOf(InputException.class)
                .hasMessageContaining("kappa.tau_pass=[]").hasMessageContaining("empty");
        assertThatThrownBy(() -> Grid.parse("kappa.tau_pass=")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Grid.parse("kappa.tau_pass=[0.4,,0.5]")).hasMessageContaining("empty value");
    }

    @Test
    void refusesEmptyListsInFiles() throws Exception {
        Path yaml = dir.resolve("e.yaml");
        Files.writeString(yaml, "kappa.tau_pass: []\n");
        assertThatThrownBy(() -> Grid.parse("@" + yaml)).hasMessageContaining("e.yaml").hasMessageContaining("empty");
        Path txt = dir.resolve("e.txt");
        Files.writeString(txt, "# x\nkappa.tau_pass=[0.4]\nhysteresis.dwell_pass=[]\n");
        assertThatThrownBy(() -> Grid.parse("@" + txt)).hasMessageContaining("e.txt:3");
    }

    @Test
    void refusesGridWithRepeatedPath() {
        assertThatThrownBy(() -> Grid.parse("kappa.tau_pass=0.4;kappa.tau_pass=0.5"))
                .isInstanceOf(InputException.class).hasMessageContaining("repeats");
        assertThatThrownBy(() -> Grid.parse("kappa.tau_pass=0.4;acceptance.kappa.tau_pass=0.5"))
                .hasMessageContaining("acceptance.kappa.tau_pass=0.5").hasMessageContaining("repeats 'kappa.tau_pass'");
    }

    @Test
    void refusesRepeatedPathInJsonAndNestedYaml() throws Exception {
        Path json = dir.resolve("d.json");
        Files.writeString(json, "{\"warmup\": [20], \"warmup\": [30]}");
        assertThatThrownBy(() -> Grid.parse("@" + json)).isInstanceOf(InputException.class);
        Path yaml = dir.resolve("d.yaml");
        Files.writeString(yaml, "hysteresis:\n  dwell_pass: [5]\nhysteresis.dwell_pass: [6]\n");
        assertThatThrownBy(() -> Grid.parse("@" + yaml)).hasMessageContaining("repeats");
    }

    @Test
    void refusesGridOverMaxPointsWithItsSize() {
        assertThatThrownBy(() -> Grid.parse("kappa.tau_pass=0.1,0.2,0.3;hysteresis.dwell_pass=1,2,3,4", 10))
                .isInstanceOf(InputException.class).hasMessageContaining("12 points").hasMessageContaining("max-points 10");
        assertThat(Grid.parse("kappa.tau_pass=0.1,0.2,0.3;hysteresis.dwell_pass=1,2,3,4", 12).size()).isEqualTo(12);
    }

    @Test
    void refusesMalformedInput() throws Exception {
        assertThatThrownBy(() -> Grid.parse("")).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> Grid.parse("kappa.tau_pass")).hasMessageContaining("no '='");
        assertThatThrownBy(() -> Grid.parse("kappa.tau_pass=[0.4")).hasMessageContaining("'['");
        assertThatThrownBy(() -> Grid.parse("@" + dir.resolve("missing.txt"))).hasMessageContaining("not found");
        Path csv = dir.resolve("g.csv");
        Files.writeString(csv, "x");
        assertThatThrownBy(() -> Grid.parse("@" + csv)).hasMessageContaining("unknown grid file type");
    }
}
