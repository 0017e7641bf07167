package org.riskbench.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The model registry (V5): one row per bundle; at most one {@code active}. */
public final class ModelRepository {
    private final Database db;

    /** {@code status}: active, candidate, rejected, retired. */
    public record Row(String version, String createdAt, String status, String metricsJson, String path, String reason) {
    }

    public ModelRepository(Database db) {
        this.db = db;
    }

    /** Registers (or re-registers) a bundle; activating one retires the previous active model in the same transaction. */
    public void register(Row row) {
        db.write(c -> {
            if ("active".equals(row.status())) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE models SET status = 'retired', reason = ?"
                        + " WHERE status = 'active' AND version <> ?")) {
                    ps.setString(1, "replaced by " + row.version());
                    ps.setString(2, row.version());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO models (version, created_at, status, metrics,"
                    + " path, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, row.version());
                ps.setString(2, row.createdAt());
                ps.setString(3, row.status());
                ps.setString(4, row.metricsJson());
                ps.setString(5, row.path());
                ps.setString(6, row.reason());
                ps.executeUpdate();
            }
            return null;
        });
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
            try (PreparedStatement ps = c.prepareStatement("SELECT version, created_at, status, metrics, path, reason FROM models" + where)) {
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
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
    }
}
