package org.riskbench.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The folder that holds everything a user owns: {@code riskbench.db}, {@code runs/},
 * {@code inbox/{pending,processed,failed}/}, {@code models/}, {@code projects/}, {@code logs/}.
 * Resolution order: an explicit folder (--workspace), else {@code RISKBENCH_HOME}, else {@code ~/.riskbench}.
 */
public final class Workspace {
    public static final String ENV_HOME = "RISKBENCH_HOME";
    public static final String DB_FILE = "riskbench.db";

    private final Path root;

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
                ws.inboxDir("failed"), ws.modelsDir(), ws.projectsDir(), ws.logsDir()}) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new WorkspaceException("cannot create workspace " + ws.root + ": " + e.getMessage(), e);
        }
        return ws;
    }

    public Path root() {
        return root;
    }

    public Path databaseFile() {
        return root.resolve(DB_FILE);
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
