package org.riskbench.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.riskbench.core.DiskFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The workspace's SQLite database: WAL mode, a busy timeout and foreign keys, so the GUI and several
 * CLI processes can share it. One write connection per process, used under a lock; every write is a short
 * {@code BEGIN IMMEDIATE} transaction (immediate, so two writers wait on the busy timeout instead of
 * failing on a read-to-write upgrade). Reads go through a few read-only connections of their own: in WAL mode
 * a reader never waits for a writer, so a status poll is not queued behind a transaction storing a batch.
 *
 * <p>Schema changes are numbered files {@code db/migrations/V<n>.sql} on the class path, applied in
 * order inside one transaction each, with {@code PRAGMA user_version} recording the last one applied.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    static final int BUSY_TIMEOUT_MS = 15_000;
    static final int PAGE_SIZE = 16_384;
    private static final String MIGRATIONS = "/db/migrations/V%d.sql";

    /** Read connections open at most at once: the server's pollers and the GUI, not one per request thread. */
    static final int READERS = 4;

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final String url;
    private final Semaphore readerPermits = new Semaphore(READERS, true);
    private final ConcurrentLinkedQueue<Connection> idleReaders = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    private final String location;
    /** The workspace folder, named when its disk is full. */
    private final Path workspaceRoot;

    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private Database(Connection connection, String url, Path file, Path workspaceRoot) {
        this.connection = connection;
        this.url = url;
        this.location = file.toString();
        this.workspaceRoot = workspaceRoot;
    }

    /** Opens (creating if needed) the workspace database and migrates it to the newest schema. */
    public static Database open(Workspace workspace) {
        return open(workspace, latestVersion());
    }

    /** Opens and migrates up to {@code targetVersion} only (tests build old databases this way). */
    static Database open(Workspace workspace, int targetVersion) {
        String url = "jdbc:sqlite:" + workspace.databaseFile();
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        Connection connection;
        try {
            createWithPageSize(workspace.databaseFile(), url);
            connection = config.createConnection(url);
        } catch (SQLException e) {
            DiskFullException.of(e, workspace.root()).ifPresent(full -> {
                throw full;
            });
            throw new WorkspaceException("cannot open the workspace database " + workspace.databaseFile()
                    + ": " + e.getMessage(), e);
        }
        Database db = new Database(connection, url, workspace.databaseFile(), workspace.root());
        try {
            db.migrate(targetVersion);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /**
     * Creates a missing database file with {@link #PAGE_SIZE} pages (fixed once a database is in WAL mode, so
     * an existing one keeps its own): a quarter of the page writes of 4 KB pages when scoring stores a
     * million predictions. Two processes racing here both set the same size on the same empty file.
     */
    private static void createWithPageSize(Path file, String url) throws SQLException {
        if (Files.exists(file)) {
            return;
        }
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("PRAGMA page_size = " + PAGE_SIZE);
            st.execute("PRAGMA journal_mode = WAL");
        }
    }

    /** SQLite's {@code PRAGMA integrity_check}: empty when the database is sound, else its findings. */
    public List<String> integrityProblems() {
        return read(c -> {
            List<String> problems = new ArrayList<>();
            try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    String line = rs.getString(1);
                    if (!"ok".equalsIgnoreCase(line)) {
                        problems.add(line);
                    }
                }
            }
            return problems;
        });
    }

    /** The number of the newest migration shipped with this program. */
    public static int latestVersion() {
        int version = 0;
        while (Database.class.getResource(String.format(MIGRATIONS, version + 1)) != null) {
            version++;
        }
        return version;
    }

    public int schemaVersion() {
        return read(c -> userVersion(c));
    }

    private void migrate(int targetVersion) {
        int latest = latestVersion();
        int current = read(Database::userVersion);
        if (current > latest) {
            throw new WorkspaceException("the workspace database " + location + " has schema version " + current
                    + ", newer than this Riskbench understands (" + latest + "); use a newer Riskbench or another workspace");
        }
        for (int version = current + 1; version <= targetVersion; version++) {
            List<String> statements = loadMigration(version);
            int v = version;
            write(c -> {
                // Another process may have migrated between our check and this write lock.
                if (userVersion(c) >= v) {
                    return null;
                }
                try (Statement st = c.createStatement()) {
                    for (String sql : statements) {
                        st.execute(sql);
                    }
                    st.execute("PRAGMA user_version = " + v);
                }
                return null;
            });
            LOG.info("workspace database {} migrated to schema version {}", location, version);
        }
    }

    private static int userVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    static List<String> loadMigration(int version) {
        String resource = String.format(MIGRATIONS, version);
        try (InputStream in = Database.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing migration " + resource);
            }
            return splitStatements(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + resource, e);
        }
    }

    /** Splits a migration into statements: a statement ends with ';' at the end of a line; '--' lines are comments. */
    static List<String> splitStatements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    /**
     * Runs a short write transaction; rolled back on any failure. On a full disk the write-ahead log is checkpointed and
     * truncated (it holds the space that committed transactions no longer need) and the transaction tried once more,
     * so the small writes that record a failure still land; the big one that filled the disk fails again.
     */
    <T> T write(SqlWork<T> work) {
        try {
            return writeOnce(work);
        } catch (DiskFullException full) {
            if (!releaseLogSpace()) {
                throw full;
            }
            return writeOnce(work);
        }
    }

    private <T> T writeOnce(SqlWork<T> work) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs reads in autocommit mode (each statement sees a consistent WAL snapshot) on a read connection, so they do
     * not wait for this process's writes; a reader sees every transaction committed before its statement starts.
     */
    <T> T read(SqlWork<T> work) {
        readerPermits.acquireUninterruptibly();
        Connection reader = null;
        try {
            if (closed) {
                throw new StoreException("the workspace database " + location + " is closed", null);
            }
            reader = idleReaders.poll();
            if (reader == null) {
                reader = openReader();
            }
            return work.apply(reader);
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            if (reader != null) {
                idleReaders.offer(reader);
            }
            readerPermits.release();
        }
    }

    private Connection openReader() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        Connection reader = config.createConnection(url);
        try (Statement st = reader.createStatement()) {
            // a read connection never writes: a write sent here by mistake fails at once instead of bypassing the lock
            st.execute("PRAGMA query_only = true");
        }
        return reader;
    }

    /** Checkpoints the WAL into the database and truncates it; true when it was (no reader held it back). */
    private boolean releaseLogSpace() {
        lock.lock();
        try (Statement st = connection.createStatement(); var rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            boolean done = rs.next() && rs.getInt(1) == 0;
            LOG.debug("{}: WAL checkpoint after a full disk {}", location, done ? "released its space" : "was held back");
            return done;
        } catch (SQLException e) {
            LOG.debug("{}: WAL checkpoint after a full disk failed", location, e);
            return false;
        } finally {
            lock.unlock();
        }
    }

    private RuntimeException translate(SQLException e) {
        var full = DiskFullException.of(e, workspaceRoot);
        if (full.isPresent()) {
            return full.get();
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("SQLITE_BUSY") || message.contains("database is locked")) {
            return new WorkspaceException("the workspace database " + location + " stayed locked by another process for "
                    + BUSY_TIMEOUT_MS / 1000 + " s; close other Riskbench windows or commands using it and try again", e);
        }
        return new StoreException("database error in " + location, e);
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // SQLite has rolled back already when a commit failed on I/O (a full disk): nothing is left to undo
            LOG.debug("{}: rollback after a failed transaction: {}", location, e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        readerPermits.acquireUninterruptibly(READERS);
        try {
            for (Connection reader; (reader = idleReaders.poll()) != null; ) {
                closeQuietly(reader);
            }
        } finally {
            readerPermits.release(READERS);
        }
        lock.lock();
        try {
            closeQuietly(connection);
        } finally {
            lock.unlock();
        }
    }

    private void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("closing {} failed", location, e);
        }
    }

    /**
     * Takes the write lock and gives it back (BEGIN IMMEDIATE, ROLLBACK): true proof that a write would go through now.
     * Waits on the busy timeout like any write; callers that need an answer sooner wait for it on another thread.
     */
    public void probeWrite() {
        withWriteConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                st.execute("ROLLBACK");
            }
            return null;
        });
    }

    /** Runs work on the write connection outside a transaction of ours (the work manages its own). */
    private <T> T withWriteConnection(SqlWork<T> work) {
        lock.lock();
        try {
            return work.apply(connection);
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            lock.unlock();
        }
    }
}
