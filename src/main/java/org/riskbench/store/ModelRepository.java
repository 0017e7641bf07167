package org.riskbench.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The model registry (V5): one row per bundle; at most one {@code active}. */
public final class ModelRepository {
    private static final String SELECT = "SELECT version, created_at, status, metrics, path, reason, rejection FROM models";
    private final Database db;

    /**
     * {@code status}: active, candidate, rejected, retired. {@code rejection}: why retraining rejected this version
     * (null: never rejected); kept for good, so a rejected version forced active goes back to {@code rejected}, not
     * {@code retired}, when another one replaces it.
     */
    public record Row(String version, String createdAt, String status, String metricsJson, String path, String reason,
                      String rejection) {
        /** A row that was never rejected (or, re-registered, keeps the rejection stored for it). */
        public Row(String version, String createdAt, String status, String metricsJson, String path, String reason) {
            this(version, createdAt, status, metricsJson, path, reason, null);
        }
    }

    public ModelRepository(Database db) {
        this.db = db;
    }

    /** Registers (or re-registers) a bundle; activating one retires the previous active model in the same transaction. */
    public void register(Row row) {
        db.write(c -> {
            write(c, row);
            return null;
        });
    }

    /** What {@link #registerIfActiveIs} did: registered, or nothing because the active model is now {@code active} (null: none). */
    public record Registration(boolean registered, Row active) {
    }

    /**
     * Registers a retrained version whose promotion was decided against {@code decidedAgainst} (the version active then,
     * null: none), checking in the same write transaction that it is still the active one: when another process activated
     * or promoted a model meanwhile, nothing is written and the now-active row comes back so the caller can decide again.
     * Two processes therefore cannot both promote on a comparison with a model that is no longer active.
     */
    public Registration registerIfActiveIs(String decidedAgainst, Row row) {
        return db.write(c -> {
            Row active = null;
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE status = 'active' LIMIT 1"); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    active = map(rs);
                }
            }
            if (!java.util.Objects.equals(decidedAgainst, active == null ? null : active.version())) {
                return new Registration(false, active);
            }
            write(c, row);
            return new Registration(true, active);
        });
    }

    /**
     * Activating retires the previous active model, or returns it to {@code rejected} (with its rejection) when it was a
     * rejected version forced active. A row's rejection is its own, else the reason of a {@code rejected} row, else the
     * one already stored for the version.
     */
    private static void write(Connection c, Row row) throws SQLException {
        if ("active".equals(row.status())) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE models SET"
                    + " status = CASE WHEN rejection IS NULL THEN 'retired' ELSE 'rejected' END,"
                    + " reason = CASE WHEN rejection IS NULL THEN ? ELSE rejection || ' (forced active, then ' || ? || ')' END"
                    + " WHERE status = 'active' AND version <> ?")) {
                ps.setString(1, "replaced by " + row.version());
                ps.setString(2, "replaced by " + row.version());
                ps.setString(3, row.version());
                ps.executeUpdate();
            }
        }
        String rejection = row.rejection() != null ? row.rejection() : "rejected".equals(row.status()) ? row.reason() : null;
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO models (version, created_at, status, metrics,"
                + " path, reason, rejection) VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, (SELECT rejection FROM models WHERE version = ?)))")) {
            ps.setString(1, row.version());
            ps.setString(2, row.createdAt());
            ps.setString(3, row.status());
            ps.setString(4, row.metricsJson());
            ps.setString(5, row.path());
            ps.setString(6, row.reason());
            ps.setString(7, rejection);
            ps.setString(8, row.version());
            ps.executeUpdate();
        }
    }

    public Optional<Row> active() {
        List<Row> rows = query(" WHERE status = 'active' LIMIT 1", null);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public Optional<Row> find(String version) {
        List<Row> rows = query(" WHERE version = ?", version);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Newest first. */
    public List<Row> list() {
        return query(" ORDER BY created_at DESC, version DESC", null);
    }

    private List<Row> query(String where, String arg) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + where)) {
                if (arg != null) {
                    ps.setString(1, arg);
                }
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

    private static Row map(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7));
    }
}
