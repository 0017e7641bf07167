package org.riskbench.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.riskbench.core.Times;

/**
 * Retraining runs and requests (V6), and the evaluation log they read: predictions joined with feedback.
 * The run status graph (pending -> running -> completed | failed) is enforced by a trigger, so a bad move
 * fails here whoever attempts it.
 */
public final class RetrainingRepository {
    private static final String RUN_COLUMNS = "id, source, dataset_size, fine_tune_flag, status, metrics, model_version, promoted,"
            + " promoted_reason, started_at, completed_at, log_path, error_message, triggered_by, created_at, updated_at";
    private static final String REQUEST_COLUMNS = "id, requested_by, reason, priority, status, processed_at, retraining_run_id,"
            + " created_at, updated_at";

    private final Database db;

    public record Run(String id, String source, Integer datasetSize, boolean fineTune, String status, String metricsJson,
                      String modelVersion, Boolean promoted, String promotedReason, String startedAt, String completedAt,
                      String logPath, String errorMessage, String triggeredBy, String createdAt, String updatedAt) {
    }

    public record Request(long id, String requestedBy, String reason, String priority, String status, String processedAt,
                          String runId, String createdAt, String updatedAt) {
    }

    /** A prediction with feedback: the predicted class, its probabilities (JSON), the true class, when predicted. */
    public record LogRow(String analysisId, long row, String predicted, String probabilitiesJson, String trueClass,
                         String predictedAt, String modelVersion) {
    }

    public RetrainingRepository(Database db) {
        this.db = db;
    }

    public void createRun(String id, String source, boolean fineTune, String triggeredBy, String logPath) {
        String now = Times.now();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO retraining_runs (id, source, fine_tune_flag, status, log_path,"
                    + " triggered_by, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, source);
                ps.setInt(3, fineTune ? 1 : 0);
                ps.setString(4, logPath);
                ps.setString(5, triggeredBy);
                ps.setString(6, now);
                ps.setString(7, now);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public void markRunning(String id) {
        String now = Times.now();
        update(id, "UPDATE retraining_runs SET status = 'running', started_at = ?, updated_at = ? WHERE id = ?", now, now, id);
    }

    public void complete(String id, int datasetSize, String metricsJson, String modelVersion, Boolean promoted, String reason) {
        String now = Times.now();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE retraining_runs SET status = 'completed', dataset_size = ?,"
                    + " metrics = ?, model_version = ?, promoted = ?, promoted_reason = ?, completed_at = ?, updated_at = ? WHERE id = ?")) {
                ps.setInt(1, datasetSize);
                ps.setString(2, metricsJson);
                ps.setString(3, modelVersion);
                if (promoted == null) {
                    ps.setNull(4, Types.INTEGER);
                } else {
                    ps.setInt(4, promoted ? 1 : 0);
                }
                ps.setString(5, reason);
                ps.setString(6, now);
                ps.setString(7, now);
                ps.setString(8, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public void fail(String id, String errorMessage) {
        String now = Times.now();
        update(id, "UPDATE retraining_runs SET status = 'failed', error_message = ?, completed_at = ?, updated_at = ? WHERE id = ?",
                errorMessage, now, now, id);
    }

    public Optional<Run> findRun(String id) {
        List<Run> runs = runs(" WHERE id = ?", id, 1);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    /** Newest first. */
    public List<Run> listRuns(int limit) {
        return runs("", null, limit);
    }

    /** The newest run of a source, if any. */
    public Optional<Run> lastRun(String source) {
        List<Run> runs = runs(" WHERE source = ?", source, 1);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    private List<Run> runs(String where, String arg, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM retraining_runs" + where
                    + " ORDER BY created_at DESC, rowid DESC LIMIT ?")) {
                int i = 1;
                if (arg != null) {
                    ps.setString(i++, arg);
                }
                ps.setInt(i, limit);
                List<Run> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object promoted = rs.getObject(8);
                        out.add(new Run(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3), rs.getInt(4) == 1, rs.getString(5),
                                rs.getString(6), rs.getString(7), promoted == null ? null : ((Number) promoted).intValue() == 1,
                                rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                                rs.getString(14), rs.getString(15), rs.getString(16)));
                    }
                }
                return out;
            }
        });
    }

    public long addRequest(String requestedBy, String reason, String priority) {
        String now = Times.now();
        return db.write(c -> {
            return insertRequest(c, requestedBy, reason, priority, now);
        });
    }

    private static long insertRequest(java.sql.Connection c, String requestedBy, String reason, String priority, String now)
            throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO retraining_requests (requested_by, reason, priority, status,"
                + " created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, requestedBy);
            ps.setString(2, reason);
            ps.setString(3, priority);
            ps.setString(4, now);
            ps.setString(5, now);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Files a request unless one by {@code requestedBy} is open (pending or processing), in one write transaction, so
     * two processes checking at once file one. Returns the id of the request filed, or of the open one.
     */
    public Filed addRequestUnlessOpen(String requestedBy, String reason, String priority) {
        String now = Times.now();
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM retraining_requests WHERE requested_by = ?"
                    + " AND status IN ('pending', 'processing') ORDER BY id LIMIT 1")) {
                ps.setString(1, requestedBy);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new Filed(rs.getLong(1), false);
                    }
                }
            }
            return new Filed(insertRequest(c, requestedBy, reason, priority, now), true);
        });
    }

    /** A request id, and whether it was filed now ({@code false}: one was already open). */
    public record Filed(long id, boolean filed) {
    }

    /** Atomically claims the next pending request: highest priority first, then oldest. */
    public Optional<Request> claimNext() {
        String now = Times.now();
        return db.write(c -> {
            Long id = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM retraining_requests WHERE status = 'pending' ORDER BY"
                    + " CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, created_at, id LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    id = rs.getLong(1);
                }
            }
            if (id == null) {
                return Optional.<Request>empty();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE retraining_requests SET status = 'processing', updated_at = ?"
                    + " WHERE id = ? AND status = 'pending'")) {
                ps.setString(1, now);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            return Optional.of(requests(c, " WHERE id = " + id).get(0));
        });
    }

    /** Claims one pending request by id; empty when there is none or it is not pending. */
    public Optional<Request> claim(long id) {
        String now = Times.now();
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE retraining_requests SET status = 'processing', updated_at = ?"
                    + " WHERE id = ? AND status = 'pending'")) {
                ps.setString(1, now);
                ps.setLong(2, id);
                if (ps.executeUpdate() == 0) {
                    return Optional.<Request>empty();
                }
            }
            return Optional.of(requests(c, " WHERE id = " + id).get(0));
        });
    }

    /** Ends a claimed request: completed (with its run) or cancelled. */
    public void finishRequest(long id, String status, String runId) {
        String now = Times.now();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE retraining_requests SET status = ?, processed_at = ?,"
                    + " retraining_run_id = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, status);
                ps.setString(2, now);
                ps.setString(3, runId);
                ps.setString(4, now);
                ps.setLong(5, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Pending ones first in the order they will be taken, then the others newest first. */
    public List<Request> listRequests(int limit) {
        return db.read(c -> requests(c, " ORDER BY CASE status WHEN 'pending' THEN 0 WHEN 'processing' THEN 1 ELSE 2 END,"
                + " CASE WHEN status = 'pending' THEN CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END ELSE 0 END,"
                + " CASE WHEN status = 'pending' THEN created_at END, updated_at DESC, id LIMIT " + limit));
    }

    public boolean hasOpenRequest(String requestedBy) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM retraining_requests WHERE requested_by = ?"
                    + " AND status IN ('pending', 'processing') LIMIT 1")) {
                ps.setString(1, requestedBy);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private static List<Request> requests(java.sql.Connection c, String tail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + REQUEST_COLUMNS + " FROM retraining_requests" + tail);
             ResultSet rs = ps.executeQuery()) {
            List<Request> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Request(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
            }
            return out;
        }
    }

    /** Every prediction that has feedback, newest prediction first. */
    public List<LogRow> evaluationLog() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT p.analysis_id, p.row, p.predicted, p.probabilities, f.true_class,"
                    + " p.created_at, p.model_version FROM predictions p JOIN feedback f ON f.analysis_id = p.analysis_id AND f.row = p.row"
                    + " ORDER BY p.created_at DESC, p.analysis_id, p.row");
                 ResultSet rs = ps.executeQuery()) {
                List<LogRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new LogRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7)));
                }
                return out;
            }
        });
    }

    private void update(String id, String sql, String... args) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Retraining runs by outcome: {@code promoted}, {@code not_promoted} (completed, kept as a candidate or rejected),
     * {@code failed}, and {@code pending} / {@code running} for those not ended.
     */
    public java.util.Map<String, Long> outcomeCounts() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN status = 'completed' THEN"
                    + " (CASE WHEN promoted = 1 THEN 'promoted' ELSE 'not_promoted' END) ELSE status END, COUNT(*)"
                    + " FROM retraining_runs GROUP BY 1");
                 ResultSet rs = ps.executeQuery()) {
                java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
                return out;
            }
        });
    }
}
