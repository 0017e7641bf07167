package org.riskbench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void createsAnEmptyWorkspaceAtTheNewestSchemaInWalModeWithForeignKeys() throws Exception {
        Workspace ws = Workspace.open(dir.resolve("ws"));
        try (Database db = Database.open(ws)) {
            assertThat(db.schemaVersion()).isEqualTo(Database.latestVersion()).isGreaterThanOrEqualTo(2);
            assertThat(db.<String>read(c -> pragma(c, "journal_mode"))).isEqualTo("wal");
            assertThat(db.<String>read(c -> pragma(c, "foreign_keys"))).isEqualTo("1");
            assertThat(db.<String>read(c -> pragma(c, "busy_timeout"))).isEqualTo(String.valueOf(Database.BUSY_TIMEOUT_MS));
            assertThat(db.<String>read(c -> pragma(c, "page_size"))).isEqualTo(String.valueOf(Database.PAGE_SIZE));
        }
        assertThat(ws.inboxDir("pending")).isDirectory();
        assertThat(ws.inboxDir("failed")).isDirectory();
        assertThat(ws.runsDir()).isDirectory();
        assertThat(ws.modelsDir()).isDirectory();
        assertThat(ws.projectsDir()).isDirectory();
    }

    @Test
    void aReadDoesNotWaitForAWriteTransactionInTheSameProcessAndSeesOnlyCommittedRows() throws Exception {
        Workspace ws = Workspace.open(dir.resolve("ws"));
        try (Database db = Database.open(ws)) {
            db.write(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE polled (v INTEGER)");
                    st.execute("INSERT INTO polled VALUES (1)");
                }
                return null;
            });
            var insideWrite = new java.util.concurrent.CountDownLatch(1);
            var finishWrite = new java.util.concurrent.CountDownLatch(1);
            var writer = java.util.concurrent.CompletableFuture.runAsync(() -> db.write(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO polled VALUES (2)");
                }
                insideWrite.countDown();
                try {
                    finishWrite.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(insideWrite.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            // a status poll while a batch is being stored: answered now, from the last committed state
            var count = java.util.concurrent.CompletableFuture.supplyAsync(() -> db.<Integer>read(c -> countRows(c)));
            assertThat(count.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);

            finishWrite.countDown();
            writer.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(db.<Integer>read(DatabaseTest::countRows)).isEqualTo(2);
            assertThatThrownBy(() -> db.read(c -> {
                try (Statement st = c.createStatement()) {
                    return st.executeUpdate("INSERT INTO polled VALUES (3)");
                }
            })).isInstanceOf(StoreException.class);
        }
    }

    private static int countRows(Connection c) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT count(*) FROM polled")) {
            return r.next() ? r.getInt(1) : -1;
        }
    }

    @Test
    void theDatabaseLivesInAHiddenFolderWhereFileDialogsDoNotLook() {
        Workspace ws = Workspace.open(dir.resolve("ws"));
        try (Database db = Database.open(ws)) {
            assertThat(ws.databaseFile()).isEqualTo(ws.root().resolve(".db/riskbench.db"));
        }
        assertThat(ws.root().resolve(".db/riskbench.db")).exists();
        assertThat(ws.root().resolve("riskbench.db")).doesNotExist();
    }

    @Test
    void aTopLevelDatabaseOfAnOlderWorkspaceMovesInWithItsRowsWhenNoProcessHasItOpen() throws Exception {
        Path root = java.nio.file.Files.createDirectories(dir.resolve("legacy"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("riskbench.db"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v TEXT)");
            s.execute("INSERT INTO kept VALUES ('row')");
        }

        Workspace ws = Workspace.open(root);

        assertThat(ws.databaseFile()).isEqualTo(root.resolve(".db/riskbench.db"));
        assertThat(root.resolve("riskbench.db")).doesNotExist();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.databaseFile());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT v FROM kept")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("row");
        }
    }

    @Test
    void aTopLevelDatabaseInUseStaysWhereItIs() throws Exception {
        Path root = java.nio.file.Files.createDirectories(dir.resolve("busy"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("riskbench.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE kept (v TEXT)");
            // this connection is open, so the -wal and -shm files exist: another process must not see the file move
            Workspace ws = Workspace.open(root);
            assertThat(ws.databaseFile()).isEqualTo(root.resolve("riskbench.db"));
        }
    }

    @Test
    void migratesAnOldDatabaseForwardKeepingItsRows() throws Exception {
        Workspace ws = Workspace.open(dir.resolve("old"));
        try (Database v1 = Database.open(ws, 1)) {
            assertThat(v1.schemaVersion()).isEqualTo(1);
        }
        // the row as the first version wrote it (today's repository writes columns added since)
        executeRaw(ws, "INSERT INTO jobs (id, kind, status, params, created_at, attempt, owner_pid, owner_host)"
                + " VALUES ('kept', 'scenario', 'pending', '{\"a\":1}', '2026-01-01T00:00:00Z', 1, 1, 'h')");
        try (Database db = Database.open(ws)) {
            assertThat(db.schemaVersion()).isEqualTo(Database.latestVersion());
            assertThat(new JobRepository(db).find("kept")).get().extracting(j -> j.paramsJson()).isEqualTo("{\"a\":1}");
            assertThat(new RunRepository(db).list(null, null, 10)).isEmpty();
        }
    }

    /** Runs statements on the workspace's database file directly, as another program (or an older Riskbench) would. */
    private static void executeRaw(Workspace ws, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.databaseFile());
             Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    @Test
    void anExistingDatabaseKeepsItsPageSize() throws Exception {
        Workspace ws = Workspace.open(dir.resolve("small-pages"));
        executeRaw(ws, "PRAGMA page_size = 4096", "PRAGMA journal_mode = WAL", "CREATE TABLE earlier (x INTEGER)");
        try (Database db = Database.open(ws)) {
            assertThat(db.schemaVersion()).isEqualTo(Database.latestVersion());
            assertThat(db.<String>read(c -> pragma(c, "page_size"))).isEqualTo("4096");
        }
    }

    @Test
    void refusesADatabaseWithANewerSchemaNamingBothVersions() throws Exception {
        Workspace ws = Workspace.open(dir.resolve("newer"));
        executeRaw(ws, "PRAGMA user_version = 99");
        assertThatThrownBy(() -> Database.open(ws))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("newer than this Riskbench understands (" + Database.latestVersion() + ")");
    }

    @Test
    void refusesAFileAsWorkspaceFolder() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("plain.txt"), "x");
        assertThatThrownBy(() -> Workspace.open(file)).isInstanceOf(WorkspaceException.class).hasMessageContaining("is a file");
    }

    @Test
    void resolvesTheWorkspaceFromOptionThenEnvironmentThenHome() {
        assertThat(Workspace.resolve(Path.of("/a"), java.util.Map.of(Workspace.ENV_HOME, "/b"))).isEqualTo(Path.of("/a"));
        assertThat(Workspace.resolve(null, java.util.Map.of(Workspace.ENV_HOME, "/b"))).isEqualTo(Path.of("/b"));
        assertThat(Workspace.resolve(null, java.util.Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".riskbench"));
    }

    @Test
    void splitsMigrationScriptsIntoStatementsSkippingComments() {
        assertThat(Database.splitStatements("-- c\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n  ON a(x);\n"))
                .containsExactly("CREATE TABLE a (x INT);", "CREATE INDEX i\n  ON a(x);");
    }

    private static String pragma(Connection c, String name) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
