package org.riskbench.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedWritesIdenticalFile() throws Exception {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        SyntheticData.write(a, 500, 11L);
        SyntheticData.write(b, 500, 11L);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        Path c = dir.resolve("c.csv");
        SyntheticData.write(c, 500, 12L);
        assertThat(Files.readAllBytes(c)).isNotEqualTo(Files.readAllBytes(a));
        assertThat(Files.readAllLines(a)).hasSize(501).first()
                .isEqualTo("feature_1,feature_2,feature_3,feature_4,feature_5,feature_6,feature_7,feature_8,target");
    }

    @Test
    void writtenFileReadsBackToTheSameNumbers() {
        ScenarioData mem = SyntheticData.generate(300, 8, 5L);
        Path f = dir.resolve("s.csv");
        SyntheticData.write(f, 300, 5L);
        ScenarioData read = ScenarioDataReader.read(f, "target");
        assertThat(read.rows()).isEqualTo(300);
        assertThat(read.xArray()).isEqualTo(mem.xArray());
        assertThat(read.yArray()).isEqualTo(mem.yArray());
    }

    @Test
    void runTableHasSpecRowCountAndFourFeatures() {
        for (long seed = 0; seed < 50; seed++) {
            ScenarioData d = SyntheticData.forRun(seed);
            assertThat(d.rows()).isBetween(100, 300);
            assertThat(d.featureNames()).containsExactly("feature_1", "feature_2", "feature_3", "feature_4");
        }
        assertThat(SyntheticData.forRun(42).xArray()).isEqualTo(SyntheticData.forRun(42).xArray());
    }

    @Test
    void fitRecoversGeneratingCoefficients() {
        LinearModel m = LinearModel.fit(SyntheticData.generate(20_000, 4, 3L), 0.0);
        for (int j = 0; j < 4; j++) {
            assertThat(m.coefficients()[j]).isCloseTo(SyntheticData.beta(j + 1), org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(m.residualSd()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.03));
    }
}
