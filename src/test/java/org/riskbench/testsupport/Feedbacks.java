package org.riskbench.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.riskbench.app.AppContext;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.SyntheticTransactions;

/** Scores a small synthetic file through the inbox and records feedback that calls confident predictions wrong. */
public final class Feedbacks {
    private Feedbacks() {
    }

    /** Returns the analysis id; {@code mistakes} confident predictions get another class as feedback. */
    public static String scoreAndContradict(AppContext app, Path dir, int rows, int mistakes) throws Exception {
        Path tx = dir.resolve("tx-" + System.nanoTime() + ".csv");
        SyntheticTransactions.write(tx, rows, 5, SyntheticTransactions.Dialect.EN);
        String id = app.inbox().submit(tx, IntakeOptions.transactions(), Progress.NONE).analysisId();
        app.models().ensureActiveModel(Progress.NONE);
        app.inbox().drain(Progress.NONE);
        JsonNode scored = Json.MAPPER.readTree(app.inbox().resultFile(id).toFile()).path("scoring").path("rows");
        List<String> classes = List.of("limpio", "relevante", "inusual", "preocupante");
        int given = 0;
        for (JsonNode r : scored) {
            if (given == mistakes) {
                break;
            }
            String predicted = r.path("class").asText();
            if (r.path("probabilities").path(predicted).asDouble() >= 0.7) {
                String other = classes.get((classes.indexOf(predicted) + 1) % classes.size());
                app.models().feedback(id, r.path("row").asLong(), other);
                given++;
            }
        }
        if (given < mistakes) {
            throw new IllegalStateException("only " + given + " confident rows to contradict");
        }
        return id;
    }
}
