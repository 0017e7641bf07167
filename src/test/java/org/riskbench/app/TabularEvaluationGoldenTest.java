package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.testsupport.GoldenFiles;

/**
 * A general model's bundle files that hold its evaluation ({@code evaluation.json}, the manifest's headline metrics,
 * {@code report.md}) are the bytes the map-based code wrote: golden files under
 * {@code src/test/resources/golden/tabular/}, written by it for the churn sample, with the version, the clock and the
 * folder masked.
 */
class TabularEvaluationGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/tabular");
    private static final Pattern CLOCK = Pattern.compile("\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z\"");

    @TempDir
    Path dir;

    private void assertGolden(String name, String text, String version) throws Exception {
        String actual = GoldenFiles.withoutFolder(
                CLOCK.matcher(text.replace(version, "gm-golden")).replaceAll("\"2026-01-01T00:00:00Z\""), dir);
        Path golden = GOLDEN.resolve(name);
        GoldenFiles.assertGolden(golden, actual);
    }

    @Test
    void theEvaluationFilesAreTheBytesOfBefore() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            for (String learner : List.of("logistic", "gbdt")) {
                Path out = dir.resolve(learner);
                JobRecord trained = app.tabular().submitTrain(new TabularService.TrainRequest(
                        Path.of("sample-data/classification/churn.csv"), "churn", "Yes", List.of(), List.of(), learner, 3, 42,
                        null, null, out, "train-" + learner)).handle().await();
                assertThat(trained.status()).as(trained.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
                String version = TabularJobResults.Train.fromJson(trained.resultJson()).version();
                for (String file : List.of("evaluation.json", "manifest.json", "report.md")) {
                    assertGolden(learner + "-" + file, Files.readString(out.resolve(file), StandardCharsets.UTF_8), version);
                }
            }
        }
    }

    /** An old bundle's evaluation.json reads into the record and writes back the same bytes; report.md is made from it. */
    @Test
    void anOldEvaluationReadsBack() throws Exception {
        for (String learner : List.of("logistic", "gbdt")) {
            Path file = GOLDEN.resolve(learner + "-evaluation.json");
            org.riskbench.engine.tabular.TabularEvaluation ev = org.riskbench.engine.tabular.TabularEvaluation.read(file);
            assertThat(Json.pretty(ev)).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
            assertThat(ev.learner()).isEqualTo(learner);
            assertThat(ev.crossValidation().models()).containsKeys(learner, "majority");
            assertThat(ev.holdout().truth()).hasSize(ev.holdout().rows());
            assertThat(ev.permutationImportance()).isNotEmpty();
        }
    }
}
