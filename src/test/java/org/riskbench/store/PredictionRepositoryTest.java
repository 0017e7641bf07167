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

    @Test
    void everyColumnIsStoredForRowsOfSeveralAnalysesAndModelsInOneCall() {
        try (Database db = Database.open(Workspace.open(dir.resolve("ws")))) {
            PredictionRepository repo = new PredictionRepository(db);
            List<PredictionRepository.Prediction> rows = new ArrayList<>();
            // a full statement of one analysis, one that mixes two, one of another model version, then a tail
            int n = 3 * PredictionRepository.ROWS_PER_STATEMENT + 9;
            for (int i = 0; i < n; i++) {
                String analysis = i >= 64 && i < 128 && i % 2 == 1 ? "an-b" : "an-a";
                String version = i >= 128 && i < 192 ? "v2" : "v1";
                rows.add(new PredictionRepository.Prediction(analysis, i, i % 5 == 0 ? null : "C\"" + i, "class " + (i % 3),
                        "{\"x\":" + i + "}", i / 7.0, i % 4, i % 2 == 0 ? "[]" : "[\"cash_limit\"]", version));
            }
            repo.saveAll(rows);
            List<String> stored = db.read(c -> {
                List<String> out = new ArrayList<>();
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT analysis_id, row, customer, predicted,"
                        + " probabilities, anomaly, cluster, guardrails, model_version, created_at FROM predictions ORDER BY row")) {
                    while (rs.next()) {
                        assertThat(rs.getString(10)).isNotBlank();
                        out.add(rs.getString(1) + "|" + rs.getLong(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                                + rs.getString(5) + "|" + rs.getDouble(6) + "|" + rs.getInt(7) + "|" + rs.getString(8) + "|"
                                + rs.getString(9));
                    }
                }
                return out;
            });
            assertThat(stored).containsExactlyElementsOf(rows.stream().map(p -> p.analysisId() + "|" + p.row() + "|"
                    + p.customer() + "|" + p.predicted() + "|" + p.probabilitiesJson() + "|" + p.anomaly() + "|" + p.cluster()
                    + "|" + p.guardrailsJson() + "|" + p.modelVersion()).toList());
        }
    }
}
