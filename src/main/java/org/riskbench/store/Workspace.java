package org.riskbench.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The folder that holds everything a user owns: {@code .db/riskbench.db}, {@code runs/},
 * {@code inbox/{pending,processed,failed}/}, {@code models/}, {@code projects/}, {@code logs/}.
 * Resolution order: an explicit folder (--workspace), else {@code RISKBENCH_HOME}, else {@code ~/.riskbench}.
 */
public final class Workspace {
    public static final String ENV_HOME = "RISKBENCH_HOME";
    public static final String DB_FILE = "riskbench.db";
    /**
     * The hidden folder the database lives in. Not the workspace's top level: a GTK file dialog listing a folder reads
     * the first bytes of its files to guess their type, and closing the -shm or -wal file it opened drops every POSIX
     * lock this process holds on it (SQLite's locks among them), so another process could then delete a live WAL.
     * File dialogs do not look inside hidden folders.
     */
    public static final String DB_FOLDER = ".db";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Workspace.class);

    private final Path root;
    private Path database;

    private Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Resolves the workspace folder from an explicit choice, the environment, or the home folder. */
    public static Path resolve(Path explicit, Map<String, String> env) {
        if (explicit != null) {
            return explicit;
        }
        String home = env.get(ENV_HOME);
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".riskbench");
    }

    /** Opens a workspace folder, creating it and its sub-folders on first use. */
    public static Workspace open(Path folder) {
        Workspace ws = new Workspace(folder);
        try {
            if (Files.exists(ws.root) && !Files.isDirectory(ws.root)) {
                throw new WorkspaceException("workspace " + ws.root + " is a file, not a folder; choose a folder");
            }
            for (Path dir : new Path[] {ws.runsDir(), ws.inboxDir("pending"), ws.inboxDir("processed"),
                ws.inboxDir("failed"), ws.modelsDir(), ws.projectsDir(), ws.logsDir(), ws.root.resolve(DB_FOLDER)}) {
                Files.createDirectories(dir);
            }
            ws.database = placeDatabase(ws.root);
        } catch (IOException e) {
            throw new WorkspaceException("cannot create workspace " + ws.root + ": " + e.getMessage(), e);
        }
        return ws;
    }

    public Path root() {
        return root;
    }

    public Path databaseFile() {
        return database;
    }

    /**
     * {@code .db/riskbench.db}; a workspace made before that folder keeps its top-level {@code riskbench.db} until no
     * process has it open (no -wal or -shm file beside it), and is then moved in, as one rename per file.
     */
    private static Path placeDatabase(Path root) throws IOException {
        Path placed = root.resolve(DB_FOLDER).resolve(DB_FILE);
        Path legacy = root.resolve(DB_FILE);
        if (Files.exists(placed) || !Files.exists(legacy)) {
            return placed;
        }
        if (Files.exists(root.resolve(DB_FILE + "-wal")) || Files.exists(root.resolve(DB_FILE + "-shm"))) {
            LOG.info("workspace {}: the database stays at the top level while another process has it open", root);
            return legacy;
        }
        try {
            Files.move(legacy, placed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LOG.info("workspace {}: moved {} into {}/", root, DB_FILE, DB_FOLDER);
        } catch (java.nio.file.NoSuchFileException | java.nio.file.FileAlreadyExistsException e) {
            // another process moved it first
        }
        return Files.exists(placed) ? placed : legacy;
    }

    public Path runsDir() {
        return root.resolve("runs");
    }

    public Path runDir(String runId) {
        return runsDir().resolve(runId);
    }

    public Path inboxDir(String state) {
        return root.resolve("inbox").resolve(state);
    }

    public Path modelsDir() {
        return root.resolve("models");
    }

    public Path projectsDir() {
        return root.resolve("projects");
    }

    public Path logsDir() {
        return root.resolve("logs");
    }


    @Override
    public String toString() {
        return root.toString();
    }
}
