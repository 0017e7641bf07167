package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.testsupport.GoldenFiles;

/**
 * What {@code model train} prints and what it writes as the bundle's {@code manifest.json} (the training metrics: the
 * split, the holdout summaries, the cost matrix) is the bytes the map-based code gave: the golden files under
 * {@code src/test/resources/golden/model/} were recorded with it, the version, clock and folder masked.
 */
class TrainingMetricsGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/model");
    private static final Pattern VERSION = Pattern.compile("model-[0-9]{8}-[0-9]{6}-[0-9a-f]+|v[0-9]{8}-[0-9]{6}[-0-9a-z]*");
    private static final Pattern CLOCK = Pattern.compile("\"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+Z?\"");

    @TempDir
    Path dir;

    private String masked(String text) {
        String s = CLOCK.matcher(text).replaceAll("\"<time>\"");
        return s.replace(dir.toString(), "<dir>");
    }

    @Test
    void trainingPrintsAndStoresTheMetricsOfBefore() throws Exception {
        Path data = dir.resolve("transactions.csv");
        assertThat(CliTest.run("synth", "transactions", "--rows", "1500", "--out", data.toString()).code()).isZero();
        Path out = dir.resolve("bundle");

        CliTest.Result r = CliTest.run("model", "train", "--data", data.toString(), "--label", "label", "--seed", "7",
                "--cost-matrix", "resources/scoring/costs.yaml", "--out", out.toString(), "--workspace", dir.resolve("ws").toString());

        assertThat(r.code()).as(r.err()).isZero();
        String version = Files.readString(out.resolve("manifest.json")).replaceAll("(?s).*\"version\" : \"([^\"]+)\".*", "$1");
        GoldenFiles.assertGolden(GOLDEN.resolve("train-output.txt"), masked(r.out()).replace(version, "<version>"));
        GoldenFiles.assertGolden(GOLDEN.resolve("train-manifest.json"),
                masked(Files.readString(out.resolve("manifest.json"))).replace(version, "<version>"));
    }
}
