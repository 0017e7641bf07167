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
    /** Values each row binds in {@link #MANY_ROWS}; analysis id, model version and time are bound once per statement. */
    private static final int PER_ROW = 7;
    private static final String MANY_ROWS = INSERT + manyRows();

    /** {@code (?1, ?4, ..., ?10, ?2, ?3), (?1, ?11, ...)}: one analysis, model version and time for all rows. */
    private static String manyRows() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < ROWS_PER_STATEMENT; r++) {
            sb.append(r == 0 ? "(?1" : ", (?1");
            for (int k = 0; k < PER_ROW; k++) {
                sb.append(", ?").append(4 + PER_ROW * r + k);
            }
            sb.append(", ?2, ?3)");
        }
        return sb.toString();
    }

    /**
     * Stores predictions in one transaction, replacing any earlier ones for the same rows. Callers with many
     * rows give them in chunks (the scoring stage: 32,768 rows), so each write transaction stays short.
     */
    public void saveAll(List<Prediction> rows) {
        String now = Times.now();
        db.write(c -> {
            int done = 0;
            try (PreparedStatement many = c.prepareStatement(MANY_ROWS)) {
                many.setString(3, now);
                while (done + ROWS_PER_STATEMENT <= rows.size() && sharesAnalysis(rows, done)) {
                    Prediction first = rows.get(done);
                    many.setString(1, first.analysisId());
                    many.setString(2, first.modelVersion());
                    for (int r = 0; r < ROWS_PER_STATEMENT; r++) {
                        Prediction p = rows.get(done + r);
                        int at = 3 + PER_ROW * r;
                        many.setLong(at + 1, p.row());
                        many.setString(at + 2, p.customer());
                        many.setString(at + 3, p.predicted());
                        many.setString(at + 4, p.probabilitiesJson());
                        many.setDouble(at + 5, p.anomaly());
                        many.setInt(at + 6, p.cluster());
                        many.setString(at + 7, p.guardrailsJson());
                    }
                    many.executeUpdate();
                    done += ROWS_PER_STATEMENT;
                }
            }
            if (done < rows.size()) {
                try (PreparedStatement ps = c.prepareStatement(INSERT + ONE_ROW)) {
                    for (int i = done; i < rows.size(); i++) {
                        bind(ps, rows.get(i), now);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return null;
        });
    }

    /** True when the statement's rows from {@code from} have one analysis id and model version. */
    private static boolean sharesAnalysis(List<Prediction> rows, int from) {
        Prediction first = rows.get(from);
        for (int r = 1; r < ROWS_PER_STATEMENT; r++) {
            Prediction p = rows.get(from + r);
            if (!p.analysisId().equals(first.analysisId()) || !java.util.Objects.equals(p.modelVersion(), first.modelVersion())) {
                return false;
            }
        }
        return true;
    }

    private static void bind(PreparedStatement ps, Prediction p, String now) throws java.sql.SQLException {
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

    /** Scored rows of every analysis, counted by predicted class. */
    public Map<String, Long> countsByClass() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT predicted, COUNT(*) FROM predictions GROUP BY predicted");
                 ResultSet rs = ps.executeQuery()) {
                Map<String, Long> out = new LinkedHashMap<>();
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
                return out;
            }
        });
    }
}
