package org.riskbench.engine.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.riskbench.core.Progress;

/** The sample data users start from loads and replays (paths relative to the project root). */
class SampleDataTest {

    @Test
    void defaultProfileFileHoldsExactlyTheSpecDefaults() {
        assertThat(ProfileLoader.load(Path.of("sample-data/profiles/default.yaml"), null))
                .isEqualTo(AcceptanceProfile.defaults());
    }

    @Test
    void sampleSeriesReplayWithBothNamedProfiles() {
        for (String name : new String[] {"default", "strict"}) {
            AcceptanceProfile p = ProfileLoader.load(Path.of("sample-data/profiles/profiles.yaml"), name);
            for (String file : new String[] {"synthetic-regime.csv", "co2.csv"}) {
                Series s = SeriesLoader.load(Path.of("sample-data/series", file));
                ReplaySummary sum = AcceptanceEngine.summarize(p, s, Progress.NONE);
                assertThat(sum.nSteps()).isEqualTo(s.size() - 50);
                assertThat(sum.coverageAbsErr()).as(name + " " + file).isLessThan(0.02);
            }
        }
    }
}
