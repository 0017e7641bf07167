package org.riskbench.engine.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Progress;

/**
 * Replays the Mauna Loa weekly CO2 series (statsmodels 0.13.5, public domain). Its columns are
 * {@code date,co2} with empty co2 cells; the loader wants {@code y} and refuses empty cells, so a small
 * adapter converts it to {@code ts,y} with the missing weeks dropped (as sample-data/series/co2.csv).
 */
class Co2ReplayTest {

    @TempDir
    Path dir;

    private Path adapted() throws Exception {
        StringBuilder out = new StringBuilder("ts,y\n");
        try (Reader in = new InputStreamReader(getClass().getResourceAsStream("/series/co2.csv"), StandardCharsets.UTF_8)) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
                if (!r.get("co2").isBlank()) {
                    out.append(r.get("date")).append(',').append(r.get("co2")).append('\n');
                }
            }
        }
        Path f = dir.resolve("co2-ts-y.csv");
        Files.writeString(f, out);
        return f;
    }

    @Test
    void rawFileIsRefusedWithAClearMessage() throws Exception {
        Path raw = dir.resolve("co2.csv");
        try (var in = getClass().getResourceAsStream("/series/co2.csv")) {
            Files.copy(in, raw);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SeriesLoader.load(raw))
                .hasMessageContaining("no 'y' column").hasMessageContaining("date, co2");
    }

    @Test
    void replaysTheAdaptedSeriesWithSensibleCoverageAndStates() throws Exception {
        Series s = SeriesLoader.load(adapted());
        assertThat(s.size()).isEqualTo(2284 - 59);
        ReplayResult r = AcceptanceEngine.replay(AcceptanceProfile.defaults(), s, Progress.NONE);
        ReplaySummary sum = r.summary();
        assertThat(sum.nSteps()).isEqualTo(s.size() - 50);
        assertThat(r.trace().ts(0)).isEqualTo(s.ts(50));
        // a smooth seasonal series: the adaptive interval holds coverage near the 90 % target
        assertThat(sum.coverageEmpirical()).isBetween(0.85, 0.95);
        assertThat(sum.passShare() + sum.deriskShare() + sum.blockShare()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(sum.finalAlpha()).isBetween(0.001, 0.5);
        // relative width is tiny at a level near 350 ppm: the width guard never breaches
        assertThat(sum.violationEvents().get("width")).isZero();
        ReplayArtifacts.write(dir.resolve("out"), r);
        assertThat(dir.resolve("out/trace.csv")).exists();
    }
}
