package org.riskbench.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.testsupport.GoldenFiles;

/**
 * A scenario run's {@code summary.json} and {@code metadata.json} are the bytes the map-based writer wrote: the golden
 * files under {@code src/test/resources/golden/scenario/} were written by that code on the same inputs (a table with
 * a dropped row, a label column and a column of numbers with a typo; and a synthetic run), with run times, the clock,
 * the Java version and the temporary folder replaced by fixed values, so each is still a file of an old run.
 */
class ScenarioArtifactsGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/scenario");
    private static final Pattern RUNTIME = Pattern.compile("(\"[a-z_]*runtime_sec\" : )[0-9.Ee+-]+");
    private static final Pattern CLOCK = Pattern.compile("\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z\"");
    private static final Pattern MESSAGE_TIME = Pattern.compile("(scenarios in )[0-9.]+( s\")");
    private static final Pattern JAVA = Pattern.compile("(\"java_version\" : )\"[^\"]*\"");
    static final String TABLE = """
            id,x,x2,label,target
            1,0,0.5,"a, quoted",1
            2,1,1.5,b,3
            3,2,abc,c,2
            4,NA,3.0,d,9
            5,3,2.5,e,5
            6,4,4.5,f,4
            7,5,5.5,g,7
            8,6,6.0,h,6
            9,7,7.5,i,8
            10,8,8.5,j,10
            """;

    @TempDir
    Path dir;

    private String masked(String json) {
        String s = RUNTIME.matcher(json).replaceAll("$10.5");
        s = CLOCK.matcher(s).replaceAll("\"2026-01-01T00:00:00Z\"");
        s = MESSAGE_TIME.matcher(s).replaceAll("$10.5$2");
        s = JAVA.matcher(s).replaceAll("$1\"17\"");
        return GoldenFiles.withoutFolder(s, dir);
    }

    private void assertGolden(String name, Path file) throws Exception {
        String actual = masked(Files.readString(file, StandardCharsets.UTF_8));
        Path golden = GOLDEN.resolve(name);
        GoldenFiles.assertGolden(golden, actual);
    }

    @Test
    void summaryAndMetadataAreTheBytesOfBefore() throws Exception {
        Path csv = dir.resolve("table.csv");
        Files.writeString(csv, TABLE);
        ScenarioConfig c = ScenarioConfig.fromMap(Map.of("name", "golden", "input_path", csv.toString(), "shock_sd", 0.1,
                "bootstrap", true, "hit_band", 1.0, "n_scenarios", 3, "seed", 10));
        ScenarioResult r = ScenarioEngine.run(c, dir.resolve("table-run"), 1, Progress.NONE);
        assertThat(r.status()).isEqualTo(ScenarioResult.Status.COMPLETED);
        assertGolden("table-summary.json", dir.resolve("table-run/summary.json"));
        assertGolden("table-metadata.json", dir.resolve("table-run/metadata.json"));

        ScenarioConfig synthetic = ScenarioConfig.load(Path.of("sample-data/scenarios/synthetic.json"));
        ScenarioEngine.run(synthetic, dir.resolve("synthetic-run"), 1, Progress.NONE);
        assertGolden("synthetic-summary.json", dir.resolve("synthetic-run/summary.json"));
        assertGolden("synthetic-metadata.json", dir.resolve("synthetic-run/metadata.json"));
    }

    /** The files of an old run read back into the records and written again are the same bytes: nothing is lost. */
    @Test
    void theFilesOfAnOldRunReadBack() throws Exception {
        for (String run : new String[] {"table", "synthetic"}) {
            Path summary = GOLDEN.resolve(run + "-summary.json");
            Path metadata = GOLDEN.resolve(run + "-metadata.json");
            assertThat(Json.pretty(ScenarioSummaryFile.read(summary))).isEqualTo(Files.readString(summary));
            assertThat(Json.pretty(ScenarioMetadata.read(metadata))).isEqualTo(Files.readString(metadata));
        }
        ScenarioMetadata table = ScenarioMetadata.read(GOLDEN.resolve("table-metadata.json"));
        assertThat(table.input().ignoredColumns()).extracting(ScenarioMetadata.IgnoredColumn::name)
                .containsExactly("id", "x2", "label");
        assertThat(table.input().ignoredColumns().get(1).firstNonNumeric()).isEqualTo(new ScenarioMetadata.Cell(3, 4, "abc"));
        assertThat(ScenarioSummaryFile.read(GOLDEN.resolve("table-summary.json")).model().coefficients())
                .containsOnlyKeys("x");
    }
}
