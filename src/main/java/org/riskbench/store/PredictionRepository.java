package org.riskbench.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.riskbench.core.Times;

/** Per-row predictions of each analysis and the analyst's feedback on them (V5): the evaluation log. */
public final class PredictionRepository {
    private final Database db;

    public record Prediction(String analysisId, long row, String customer, String predicted, String probabilitiesJson,
                             double anomaly, int cluster, String guardrailsJson, String modelVersion) {
    }

    public record Feedback(String analysisId, long row, String trueClass, String createdAt) {
    }

    public PredictionRepository(Database db) {
        this.db = db;
    }

    private static final String INSERT = "INSERT OR REPLACE INTO predictions (analysis_id, row, customer, predicted,"
            + " probabilities, anomaly, cluster, guardrails, model_version, created_at) VALUES ";
    private static final String ONE_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Rows per INSERT statement: fewer statement steps per row (about a quarter faster than one row per step). */
    static final int ROWS_PER_STATEMENT = 64;
    private static final String MANY_ROWS = INSERT + String.join(", ", java.util.Collections.nCopies(ROWS_PER_STATEMENT, ONE_ROW));

    /**
     * Stores predictions in one transaction, replacing any earlier ones for the same rows. Callers with many
     * rows give them in chunks (the scoring stage: 32,768 rows), so each write transaction stays short.
     */
    public void saveAll(List<Prediction> rows) {
        String now = Times.now();
        db.write(c -> {
            int full = rows.size() / ROWS_PER_STATEMENT * ROWS_PER_STATEMENT;
            if (full > 0) {
                try (PreparedStatement ps = c.prepareStatement(MANY_ROWS)) {
                    for (int from = 0; from < full; from += ROWS_PER_STATEMENT) {
                        for (int r = 0; r < ROWS_PER_STATEMENT; r++) {
                            bind(ps, 10 * r, rows.get(from + r), now);
                        }
                        ps.executeUpdate();
                    }
                }
            }
            if (full < rows.size()) {
                try (PreparedStatement ps = c.prepareStatement(INSERT + ONE_ROW)) {
                    for (int i = full; i < rows.size(); i++) {
                        bind(ps, 0, rows.get(i), now);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return null;
        });
    }

    private static void bind(PreparedStatement ps, int at, Prediction p, String now) throws java.sql.SQLException {
        ps.setString(at + 1, p.analysisId());
        ps.setLong(at + 2, p.row());
        ps.setString(at + 3, p.customer());
        ps.setString(at + 4, p.predicted());
        ps.setString(at + 5, p.probabilitiesJson());
        ps.setDouble(at + 6, p.anomaly());
        ps.setInt(at + 7, p.cluster());
        ps.setString(at + 8, p.guardrailsJson());
        ps.setString(at + 9, p.modelVersion());
        ps.setString(at + 10, now);
    }

    /** Removes every prediction of an analysis (a scoring attempt that failed after storing some chunks). */
    public int deleteAnalysis(String analysisId) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM predictions WHERE analysis_id = ?")) {
                ps.setString(1, analysisId);
                return ps.executeUpdate();
            }
        });
    }

    public Optional<String> predictedClass(String analysisId, long row) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT predicted FROM predictions WHERE analysis_id = ? AND row = ?")) {
                ps.setString(1, analysisId);
                ps.setLong(2, row);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Counts per predicted class of one analysis. */
    public Map<String, Long> counts(String analysisId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT predicted, COUNT(*) FROM predictions WHERE analysis_id = ?"
                    + " GROUP BY predicted ORDER BY predicted")) {
                ps.setString(1, analysisId);
                Map<String, Long> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return out;
            }
        });
    }

    /** Records (or corrects) the true class of a row. */
    public void feedback(String analysisId, long row, String trueClass) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO feedback (analysis_id, row, true_class,"
                    + " created_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, analysisId);
                ps.setLong(2, row);
                ps.setString(3, trueClass);
                ps.setString(4, Times.now());
                ps.executeUpdate();
            }
            return null;
        });
    }

    public List<Feedback> feedbackOf(String analysisId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT analysis_id, row, true_class, created_at FROM feedback"
                    + " WHERE analysis_id = ? ORDER BY row")) {
                ps.setString(1, analysisId);
                List<Feedback> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Feedback(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                    }
                }
                return out;
            }
        });
    }
}
