package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Texts;

/** Values a user supplied are cut to a readable length in messages; a refused infer says it in one line. */
class LongValuesTest {
    @TempDir
    Path dir;

    @Test
    void abbreviateKeepsShortValuesAndCutsLongOnesSayingHowLong() {
        assertThat(Texts.abbreviate("amount")).isEqualTo("amount");
        assertThat(Texts.abbreviate("x".repeat(5_000))).isEqualTo("x".repeat(120) + "… (5,000 characters)");
        assertThat(Texts.abbreviate("ab\uD83D\uDE00cd", 3)).isEqualTo("ab… (6 characters)"); // no half an emoji
    }

    @Test
    void aFiveThousandCharacterJobIdIsNotEchoedWhole() {
        String id = "j".repeat(5_000);
        CliTest.Result r = CliTest.run("jobs", "show", id, "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("riskbench: no job '" + "j".repeat(120) + "… (5,000 characters)' in ")
                .hasSizeLessThan(400);

        CliTest.Result replay = CliTest.run("replay", "--series", "sample-data/series/co2.csv", "--profile",
                "sample-data/profiles/default.yaml", "--out", dir.resolve("o").toString(), "--job-id", id,
                "--workspace", dir.resolve("ws").toString());
        assertThat(replay.err().strip()).hasSizeLessThan(400).contains("(5,000 characters)");
    }

    @Test
    void aHugeHeaderLineGivesAShortMessage() throws Exception {
        Path series = dir.resolve("wide.csv");
        Files.writeString(series, "c".repeat(1_000_000) + ",d\n1,2\n");
        CliTest.Result r = CliTest.run("replay", "--series", series.toString(), "--profile", "sample-data/profiles/default.yaml",
                "--out", dir.resolve("o").toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("the header has no 'y' column").contains(" characters)); rename the value column to y.")
                .hasSizeLessThan(1_000);
    }

    @Test
    void aRefusedInferIsOneSummaryLinePointingAtValidate() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < 2_000; c++) {
            csv.append(c == 0 ? "" : ",").append("col").append(c);
        }
        csv.append('\n').append("1,".repeat(1_999)).append("1\n");
        Path wide = Files.writeString(dir.resolve("wide.csv"), csv);

        CliTest.Result r = CliTest.run("infer", wide.toString(), "--workspace", dir.resolve("ws").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("riskbench: " + wide + ": refused: ")
                .contains(" problem").endsWith("with 'riskbench validate " + wide + "'");
        assertThat(r.out()).isEmpty();
    }
}
