package org.riskbench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionRepositoryTest {
    @TempDir
    Path dir;

    @Test
    void savesEveryRowOfAChunkThatIsNotAMultipleOfTheStatementSize() {
        try (Database db = Database.open(Workspace.open(dir.resolve("ws")))) {
            PredictionRepository repo = new PredictionRepository(db);
            int n = 2 * PredictionRepository.ROWS_PER_STATEMENT + 5;
            List<PredictionRepository.Prediction> rows = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                rows.add(new PredictionRepository.Prediction("an-1", i, "C" + i, i % 3 == 0 ? "inusual" : "limpio",
                        "{\"limpio\":0.5}", 0.25, i % 4, "[]", "v1"));
            }
            repo.saveAll(rows);
            assertThat(repo.counts("an-1")).containsEntry("inusual", (long) n / 3).containsEntry("limpio", (long) n - n / 3);
            assertThat(repo.predictedClass("an-1", n)).contains(n % 3 == 0 ? "inusual" : "limpio");
            // a second save of a row replaces it, inside a multi-row statement too
            List<PredictionRepository.Prediction> again = new ArrayList<>(rows.subList(0, PredictionRepository.ROWS_PER_STATEMENT));
            again.set(0, new PredictionRepository.Prediction("an-1", 1, "C1", "preocupante", "{}", 0.9, 0, "[\"structuring\"]", "v1"));
            repo.saveAll(again);
            assertThat(repo.predictedClass("an-1", 1)).contains("preocupante");
            assertThat(repo.counts("an-1").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(n);
            assertThat(repo.deleteAnalysis("an-1")).isEqualTo(n);
            assertThat(repo.counts("an-1")).isEmpty();
        }
    }
}
