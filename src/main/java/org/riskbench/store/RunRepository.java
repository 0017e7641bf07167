package org.riskbench.store;

import org.riskbench.core.model.RunRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.riskbench.core.Times;

/** The index of tracked runs; the run folders on disk hold the artifacts themselves. */
public final class RunRepository {
    private static final String COLUMNS = "id, kind, project, name, status, job_id, started_at, finished_at, params,"
            + " metrics, tags, artifacts, output_dir, error_message";

    private final Database db;

    public RunRepository(Database db) {
        this.db = db;
    }

    public void start(String id, String kind, String project, String name, String jobId, String paramsJson,
                      String tagsJson, String outputDir) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (id, kind, project, name, status, job_id,"
                    + " started_at, params, tags, output_dir) VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, kind);
                ps.setString(3, project);
                ps.setString(4, name);
                ps.setString(5, jobId);
                ps.setString(6, Times.now());
                ps.setString(7, paramsJson == null ? "{}" : paramsJson);
                ps.setString(8, tagsJson == null ? "{}" : tagsJson);
                ps.setString(9, outputDir);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public void finish(String id, String status, String metricsJson, String artifactsJson, String errorMessage) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, finished_at = ?,"
                    + " metrics = COALESCE(?, metrics), artifacts = COALESCE(?, artifacts), error_message = ? WHERE id = ?")) {
                ps.setString(1, status);
                ps.setString(2, Times.now());
                ps.setString(3, metricsJson);
                ps.setString(4, artifactsJson);
                ps.setString(5, errorMessage);
                ps.setString(6, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Marks failed the runs still {@code running} that these (interrupted) jobs started. */
    public void failRunsOfJobs(java.util.Collection<String> jobIds, String errorMessage) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = 'failed', finished_at = ?, error_message = ?"
                    + " WHERE job_id = ? AND status = 'running'")) {
                for (String jobId : jobIds) {
                    ps.setString(1, Times.now());
                    ps.setString(2, errorMessage);
                    ps.setString(3, jobId);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * Runs still marked running although their job has ended or is gone (a crash between the two records). Project runs
     * are not among them: one spans several step jobs by design.
     */
    public List<String> runningWithoutAJob() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.id FROM runs r LEFT JOIN jobs j ON j.id = r.job_id"
                    + " WHERE r.status = 'running' AND r.project IS NULL"
                    + " AND (j.id IS NULL OR j.status IN ('succeeded', 'failed', 'cancelled')) ORDER BY r.id");
                 var rs = ps.executeQuery()) {
                List<String> ids = new java.util.ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        });
    }

    /** Updates a running run's metrics and artifacts (a pipeline run between its steps); status stays. */
    public void update(String id, String metricsJson, String artifactsJson) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET metrics = ?, artifacts = ? WHERE id = ?")) {
                ps.setString(1, metricsJson);
                ps.setString(2, artifactsJson);
                ps.setString(3, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Replaces a run's parameters (a run that learns what it works on as it goes, like an inbox drain). */
    public void updateParams(String id, String paramsJson) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET params = ? WHERE id = ?")) {
                ps.setString(1, paramsJson);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<RunRecord> find(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM runs WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Newest first, optionally of one kind and/or project. */
    public List<RunRecord> list(String kind, String project, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM runs"
                    + " WHERE (? IS NULL OR kind = ?) AND (? IS NULL OR project = ?)"
                    + " ORDER BY started_at DESC, id DESC LIMIT ?")) {
                ps.setString(1, kind);
                ps.setString(2, kind);
                ps.setString(3, project);
                ps.setString(4, project);
                ps.setInt(5, limit);
                List<RunRecord> runs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        runs.add(map(rs));
                    }
                }
                return runs;
            }
        });
    }

    private static RunRecord map(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getString("id"), rs.getString("kind"), rs.getString("project"), rs.getString("name"),
                rs.getString("status"), rs.getString("job_id"), Times.parse(rs.getString("started_at")),
                Times.parse(rs.getString("finished_at")), rs.getString("params"), rs.getString("metrics"),
                rs.getString("tags"), rs.getString("artifacts"), rs.getString("output_dir"),
                rs.getString("error_message"));
    }
}
