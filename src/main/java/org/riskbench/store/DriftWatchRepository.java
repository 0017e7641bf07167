package org.riskbench.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.riskbench.core.Times;

/** The persisted drift-watch state per profile; updated read-modify-write in one transaction. */
public final class DriftWatchRepository {
    private final Database db;

    /** One profile's drift-watch row. {@code phase} is OBSERVE, WARN or STABLE. */
    public record Row(String profileKey, String phase, double ema, int violationStreak, int okStreak, int runs,
                      String lastRunId, String lastLine) {
    }

    public DriftWatchRepository(Database db) {
        this.db = db;
    }

    public Optional<Row> find(String profileKey) {
        return db.read(c -> find(c, profileKey));
    }

    private static Optional<Row> find(java.sql.Connection c, String profileKey) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT profile_key, phase, ema, violation_streak, ok_streak, runs,"
                + " last_run_id, last_line FROM drift_watch WHERE profile_key = ?")) {
            ps.setString(1, profileKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getInt(4), rs.getInt(5),
                        rs.getInt(6), rs.getString(7), rs.getString(8)));
            }
        }
    }

    /**
     * Replaces a profile's row by {@code step(previous)} (previous is null on the first run) in one
     * transaction, so two replays of one profile in two processes do not lose a run.
     */
    public Row advance(String profileKey, UnaryOperator<Row> step) {
        return db.write(c -> {
            Row next = step.apply(find(c, profileKey).orElse(null));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO drift_watch (profile_key, phase, ema, violation_streak,"
                    + " ok_streak, runs, last_run_id, last_line, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT(profile_key) DO UPDATE SET phase = excluded.phase, ema = excluded.ema,"
                    + " violation_streak = excluded.violation_streak, ok_streak = excluded.ok_streak, runs = excluded.runs,"
                    + " last_run_id = excluded.last_run_id, last_line = excluded.last_line, updated_at = excluded.updated_at")) {
                ps.setString(1, profileKey);
                ps.setString(2, next.phase());
                ps.setDouble(3, next.ema());
                ps.setInt(4, next.violationStreak());
                ps.setInt(5, next.okStreak());
                ps.setInt(6, next.runs());
                ps.setString(7, next.lastRunId());
                ps.setString(8, next.lastLine());
                ps.setString(9, Times.now());
                ps.executeUpdate();
            }
            return next;
        });
    }
}
