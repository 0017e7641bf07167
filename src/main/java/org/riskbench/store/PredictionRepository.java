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

    /** Stores an analysis' predictions in one transaction, replacing any earlier ones for the same rows. */
    public void saveAll(List<Prediction> rows) {
        String now = Times.now();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO predictions (analysis_id, row, customer,"
                    + " predicted, probabilities, anomaly, cluster, guardrails, model_version, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int batch = 0;
                for (Prediction p : rows) {
                    ps.setString(1, p.analysisId());
                    ps.setLong(2, p.row());
                    ps.setString(3, p.customer());
                    ps.setString(4, p.predicted());
                    ps.setString(5, p.probabilitiesJson());
                    ps.setDouble(6, p.anomaly());
                    ps.setInt(7, p.cluster());
                    ps.setString(8, p.guardrailsJson());
                    ps.setString(9, p.modelVersion());
                    ps.setString(10, now);
                    ps.addBatch();
                    if (++batch % 5000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
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
