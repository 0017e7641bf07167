package org.riskbench.store;

import org.riskbench.core.model.JobLogLine;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.riskbench.core.InputException;
import org.riskbench.core.Times;

/** Jobs and their log lines. Status changes are checked against {@link JobStatus} inside the transaction. */
public final class JobRepository {
    private static final String COLUMNS = "id, kind, status, progress, progress_message, params, result, error_message,"
            + " output_dir, created_at, started_at, finished_at, attempt, retry_of, timeout_sec, cancel_requested,"
            + " owner_pid, owner_host, heartbeat_at, owner_started_at";

    private final Database db;

    public JobRepository(Database db) {
        this.db = db;
    }

    /** What is needed to queue a job. */
    public record NewJob(String id, String kind, String paramsJson, String outputDir, Integer timeoutSec,
                         int attempt, String retryOf, long ownerPid, String ownerHost, Instant ownerStartedAt) {

        /** A job whose owner's start time is not known (it is then judged by its pid and heartbeat alone). */
        public NewJob(String id, String kind, String paramsJson, String outputDir, Integer timeoutSec,
                      int attempt, String retryOf, long ownerPid, String ownerHost) {
            this(id, kind, paramsJson, outputDir, timeoutSec, attempt, retryOf, ownerPid, ownerHost, null);
        }
    }

    /** Inserts a pending job; a user-given id that exists already is refused. */
    public JobRecord create(NewJob job) {
        return db.write(c -> {
            if (exists(c, job.id())) {
                throw new InputException("job id '" + job.id() + "' is already used in this workspace; choose another --job-id");
            }
            String now = Times.now();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (id, kind, status, params, output_dir,"
                    + " created_at, attempt, retry_of, timeout_sec, owner_pid, owner_host, heartbeat_at, owner_started_at)"
                    + " VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, job.id());
                ps.setString(2, job.kind());
                ps.setString(3, job.paramsJson() == null ? "{}" : job.paramsJson());
                ps.setString(4, job.outputDir());
                ps.setString(5, now);
                ps.setInt(6, job.attempt());
                ps.setString(7, job.retryOf());
                setNullableInt(ps, 8, job.timeoutSec());
                ps.setLong(9, job.ownerPid());
                ps.setString(10, job.ownerHost());
                ps.setString(11, now);
                ps.setString(12, job.ownerStartedAt() == null ? null : Times.format(job.ownerStartedAt()));
                ps.executeUpdate();
            }
            return find(c, job.id()).orElseThrow();
        });
    }

    public boolean exists(String id) {
        return db.read(c -> exists(c, id));
    }

    private static boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM jobs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public Optional<JobRecord> find(String id) {
        return db.read(c -> find(c, id));
    }

    private static Optional<JobRecord> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    /** Newest first; empty filters mean "any". */
    public List<JobRecord> list(Collection<JobStatus> statuses, String kind, int limit) {
        return list(statuses, kind, null, limit);
    }

    /** Newest first; empty filters mean "any"; {@code sphere} is the job parameter of that name (a label). */
    public List<JobRecord> list(Collection<JobStatus> statuses, String kind, String sphere, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM jobs WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (statuses != null && !statuses.isEmpty()) {
            sql.append(" AND status IN (").append("?,".repeat(statuses.size() - 1)).append("?)");
            statuses.forEach(s -> args.add(s.dbName()));
        }
        if (kind != null && !kind.isBlank()) {
            sql.append(" AND kind = ?");
            args.add(kind);
        }
        if (sphere != null && !sphere.isBlank()) {
            sql.append(" AND json_extract(params, '$.sphere') = ?");
            args.add(sphere);
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                for (String arg : args) {
                    ps.setString(i++, arg);
                }
                ps.setInt(i, limit);
                List<JobRecord> jobs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(map(rs));
                    }
                }
                return jobs;
            }
        });
    }

    /** Marks a pending job running, owned by this process; false when it is no longer pending (cancelled). */
    public boolean markRunning(String id, long ownerPid, String ownerHost, Instant ownerStartedAt) {
        return db.write(c -> {
            JobStatus current = requireStatus(c, id);
            if (current != JobStatus.PENDING) {
                if (current == JobStatus.CANCELLED) {
                    return false;
                }
                throw illegal(id, current, JobStatus.RUNNING);
            }
            String now = Times.now();
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET status = 'running', started_at = ?,"
                    + " heartbeat_at = ?, owner_pid = ?, owner_host = ?, owner_started_at = ? WHERE id = ?")) {
                ps.setString(1, now);
                ps.setString(2, now);
                ps.setLong(3, ownerPid);
                ps.setString(4, ownerHost);
                ps.setString(5, ownerStartedAt == null ? null : Times.format(ownerStartedAt));
                ps.setString(6, id);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Ends a job: running (or pending) to succeeded, failed or cancelled. Refuses any other move. */
    public void finish(String id, JobStatus target, String resultJson, String errorMessage) {
        if (!target.isTerminal()) {
            throw new IllegalArgumentException("finish needs a terminal status, got " + target);
        }
        db.write(c -> {
            JobStatus current = requireStatus(c, id);
            if (!current.canMoveTo(target)) {
                throw illegal(id, current, target);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET status = ?, result = ?, error_message = ?,"
                    + " finished_at = ?, progress = CASE WHEN ? = 'succeeded' THEN 1.0 ELSE progress END,"
                    + " progress_message = CASE WHEN ? = 'succeeded' THEN 'done' ELSE progress_message END WHERE id = ?")) {
                ps.setString(1, target.dbName());
                ps.setString(2, resultJson);
                ps.setString(3, errorMessage);
                ps.setString(4, Times.now());
                ps.setString(5, target.dbName());
                ps.setString(6, target.dbName());
                ps.setString(7, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Stores progress (0..1) and its message; also the heartbeat that tells other processes the owner is alive. */
    public void updateProgress(String id, double progress, String message) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET progress = ?, progress_message = ?,"
                    + " heartbeat_at = ? WHERE id = ? AND status = 'running'")) {
                ps.setDouble(1, Math.max(0.0, Math.min(1.0, progress)));
                ps.setString(2, message);
                ps.setString(3, Times.now());
                ps.setString(4, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Asks a job to stop. A pending job is cancelled at once; a running one gets the flag its owner polls.
     * Returns the status after the request; finished jobs are left as they are.
     */
    public JobStatus requestCancel(String id) {
        return db.write(c -> {
            JobStatus current = requireStatus(c, id);
            if (current == JobStatus.PENDING) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET status = 'cancelled', cancel_requested = 1,"
                        + " finished_at = ?, error_message = 'cancelled before it started' WHERE id = ?")) {
                    ps.setString(1, Times.now());
                    ps.setString(2, id);
                    ps.executeUpdate();
                }
                return JobStatus.CANCELLED;
            }
            if (current == JobStatus.RUNNING) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET cancel_requested = 1 WHERE id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            return current;
        });
    }

    /** Marks a job whose owning process died as failed; false when it had already moved on. */
    public boolean markInterrupted(String id, JobStatus expected, String message) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET status = 'failed', error_message = ?,"
                    + " finished_at = ? WHERE id = ? AND status = ?")) {
                ps.setString(1, message);
                ps.setString(2, Times.now());
                ps.setString(3, id);
                ps.setString(4, expected.dbName());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Refreshes the heartbeat of the queued and running jobs of a live process. */
    public void heartbeat(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET heartbeat_at = ? WHERE id = ? AND status IN ('pending', 'running')")) {
                String now = Times.now();
                for (String id : ids) {
                    ps.setString(1, now);
                    ps.setString(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public boolean isCancelRequested(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT cancel_requested FROM jobs WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getInt(1) != 0;
                }
            }
        });
    }

    public void appendLog(String jobId, String level, String message) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO job_logs (job_id, at, level, message) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, jobId);
                ps.setString(2, Times.now());
                ps.setString(3, level);
                ps.setString(4, message);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Log lines after {@code afterSeq} (0 for all), oldest first, at most {@code limit}. */
    public List<JobLogLine> logs(String jobId, long afterSeq, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, job_id, at, level, message FROM job_logs"
                    + " WHERE job_id = ? AND id > ? ORDER BY id LIMIT ?")) {
                ps.setString(1, jobId);
                ps.setLong(2, afterSeq);
                ps.setInt(3, limit);
                return logLines(ps);
            }
        });
    }

    /** The log lines a query of (id, job_id, at, level, message) selects, in its order. */
    private static List<JobLogLine> logLines(PreparedStatement ps) throws SQLException {
        List<JobLogLine> lines = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                lines.add(new JobLogLine(rs.getLong(1), rs.getString(2), Times.parse(rs.getString(3)),
                        rs.getString(4), rs.getString(5)));
            }
        }
        return lines;
    }

    /** The last {@code limit} log lines, oldest first. */
    public List<JobLogLine> logTail(String jobId, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, job_id, at, level, message FROM ("
                    + "SELECT * FROM job_logs WHERE job_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id")) {
                ps.setString(1, jobId);
                ps.setInt(2, limit);
                return logLines(ps);
            }
        });
    }

    private static JobStatus requireStatus(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM jobs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new InputException("no job '" + org.riskbench.core.Texts.abbreviate(id) + "' in this workspace");
                }
                return JobStatus.fromDb(rs.getString(1));
            }
        }
    }

    private static IllegalStateException illegal(String id, JobStatus from, JobStatus to) {
        return new IllegalStateException("job " + id + ": illegal status change " + from.dbName() + " -> " + to.dbName());
    }

    private static void setNullableInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static JobRecord map(ResultSet rs) throws SQLException {
        int timeout = rs.getInt("timeout_sec");
        Integer timeoutSec = rs.wasNull() ? null : timeout;
        long pid = rs.getLong("owner_pid");
        Long ownerPid = rs.wasNull() ? null : pid;
        return new JobRecord(
                rs.getString("id"),
                rs.getString("kind"),
                JobStatus.fromDb(rs.getString("status")),
                rs.getDouble("progress"),
                rs.getString("progress_message"),
                rs.getString("params"),
                rs.getString("result"),
                rs.getString("error_message"),
                rs.getString("output_dir"),
                Times.parse(rs.getString("created_at")),
                Times.parse(rs.getString("started_at")),
                Times.parse(rs.getString("finished_at")),
                rs.getInt("attempt"),
                rs.getString("retry_of"),
                timeoutSec,
                rs.getInt("cancel_requested") != 0,
                ownerPid,
                rs.getString("owner_host"),
                Times.parse(rs.getString("heartbeat_at")),
                Times.parse(rs.getString("owner_started_at")));
    }

    /** How many jobs of one kind are in one status. */
    public record KindStatusCount(String kind, String status, long count) {
    }

    /** Jobs counted by kind and status (all processes' jobs: the monitoring view of the workspace). */
    public List<KindStatusCount> countsByKindAndStatus() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, status, COUNT(*) FROM jobs GROUP BY kind, status");
                 ResultSet rs = ps.executeQuery()) {
                List<KindStatusCount> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new KindStatusCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
                return out;
            }
        });
    }

    /** The run time of one finished job. */
    public record KindDuration(String kind, double seconds) {
    }

    /** Run times of the jobs that started and ended, oldest first (for the job duration histogram). */
    public List<KindDuration> finishedDurations() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, started_at, finished_at FROM jobs"
                    + " WHERE started_at IS NOT NULL AND finished_at IS NOT NULL ORDER BY finished_at");
                 ResultSet rs = ps.executeQuery()) {
                List<KindDuration> out = new ArrayList<>();
                while (rs.next()) {
                    java.time.Instant start = Times.parse(rs.getString(2));
                    java.time.Instant end = Times.parse(rs.getString(3));
                    if (start != null && end != null) {
                        out.add(new KindDuration(rs.getString(1), Math.max(0, java.time.Duration.between(start, end).toNanos() / 1e9)));
                    }
                }
                return out;
            }
        });
    }
}
