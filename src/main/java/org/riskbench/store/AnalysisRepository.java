package org.riskbench.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.riskbench.core.Times;

/** Uploaded datasets and the analyses of the inference inbox (V6). */
public final class AnalysisRepository {
    private final Database db;

    /** One analysis. {@code status}: pending, processing, processed, failed. JSON columns may be null. */
    public record Row(String id, Long datasetId, String inputName, String inputSha256, String status, Long rows,
                      int attempts, String jobId, String claimedBy, String createdAt, String updatedAt,
                      String summaryJson, String errorJson) {
    }

    public AnalysisRepository(Database db) {
        this.db = db;
    }

    /** Records an uploaded file with its inferred schema; returns its id. */
    public long recordDataset(String name, String sha256, long sizeBytes, long rows, String schemaJson) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO datasets (name, sha256, size_bytes, rows, schema_json,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.setString(2, sha256);
                ps.setLong(3, sizeBytes);
                ps.setLong(4, rows);
                ps.setString(5, schemaJson);
                ps.setString(6, Times.now());
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    public void create(String id, Long datasetId, String inputName, String sha256, long rows) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO analyses (id, dataset_id, input_name, input_sha256,"
                    + " status, rows, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)")) {
                String now = Times.now();
                ps.setString(1, id);
                if (datasetId == null) {
                    ps.setNull(2, java.sql.Types.INTEGER);
                } else {
                    ps.setLong(2, datasetId);
                }
                ps.setString(3, inputName);
                ps.setString(4, sha256);
                ps.setLong(5, rows);
                ps.setString(6, now);
                ps.setString(7, now);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Stores an analysis' summary and nothing else (its status stays as it is). */
    public void storeSummary(String id, String summaryJson) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE analyses SET summary = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, summaryJson);
                ps.setString(2, Times.now());
                ps.setString(3, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Sets the status (and, when not null, the job, claim owner, summary or error); counts an attempt on 'processing'. */
    public void update(String id, String status, String jobId, String claimedBy, String summaryJson, String errorJson) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE analyses SET status = ?, job_id = COALESCE(?, job_id),"
                    + " claimed_by = ?, summary = COALESCE(?, summary), error = ?, updated_at = ?,"
                    + " attempts = attempts + CASE WHEN ? = 'processing' THEN 1 ELSE 0 END WHERE id = ?")) {
                ps.setString(1, status);
                ps.setString(2, jobId);
                ps.setString(3, claimedBy);
                ps.setString(4, summaryJson);
                ps.setString(5, errorJson);
                ps.setString(6, Times.now());
                ps.setString(7, status);
                ps.setString(8, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Row> find(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Newest first. */
    public List<Row> list(int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(map(rs));
                    }
                }
                return out;
            }
        });
    }

    private static final String SELECT = "SELECT id, dataset_id, input_name, input_sha256, status, rows, attempts, job_id,"
            + " claimed_by, created_at, updated_at, summary, error FROM analyses";

    private static Row map(ResultSet rs) throws SQLException {
        long ds = rs.getLong(2);
        Long datasetId = rs.wasNull() ? null : ds;
        long r = rs.getLong(6);
        Long rows = rs.wasNull() ? null : r;
        return new Row(rs.getString(1), datasetId, rs.getString(3), rs.getString(4), rs.getString(5), rows, rs.getInt(7),
                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13));
    }
}
