package org.riskbench.app;

import org.riskbench.store.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.store.AnalysisRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox's folder queue ({@code inbox/pending}, {@code processed}, {@code failed} under the workspace) and the
 * analyses' status rows that follow it: where each analysis is, claims by atomic rename to
 * {@code pending/.processing-<id>-<pid>.csv} (only one process wins), claims of ended processes returned, a failed
 * analysis put back, the stored summaries. No stage runs here.
 */
final class InboxFolders {
    private static final Logger LOG = LoggerFactory.getLogger(InboxFolders.class);

    private final Workspace workspace;
    private final AnalysisRepository analyses;
    /** This process's id, in the names of its claims. */
    final long pid = ProcessHandle.current().pid();
    /** The analyses this process is working on: its own claims of them are not stale. */
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    InboxFolders(Workspace workspace, AnalysisRepository analyses) {
        this.workspace = workspace;
        this.analyses = analyses;
    }

    Path dir(String state) {
        return workspace.inboxDir(state);
    }

    Path root() {
        return workspace.root();
    }

    AnalysisRepository analyses() {
        return analyses;
    }

    /** This process works on {@code id} (its claim is live) until {@link #done}. */
    void working(String id) {
        active.add(id);
    }

    void done(String id) {
        active.remove(id);
    }

    static final String CLAIM_PREFIX = ".processing-";

    /** What an analysis id may be: a file name of letters, digits, '_', '-' and '.', not starting with a '.'. */
    private static final java.util.regex.Pattern ANALYSIS_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    static void checkAnalysisIdForm(String id) {
        if (id == null || !ANALYSIS_ID.matcher(id).matches() || id.endsWith(".csv") || id.endsWith(".json")) {
            throw new InputException("--analysis-id: '" + id + "' is not an analysis id: use 1 to 100 letters, digits, '_',"
                    + " '-' or '.', starting with a letter or digit (e.g. test_001).");
        }
    }

    List<String> pendingIds() {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir("pending"), "*.csv")) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".")) {
                    ids.add(name.substring(0, name.length() - 4));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the pending inbox: " + e.getMessage(), e);
        }
        ids.sort(null);
        return ids;
    }

    /** Puts a failed analysis back into pending (GUI "retry"). */
    void retry(String id) {
        Path failedCsv = dir("failed").resolve(id + ".csv");
        if (!Files.exists(failedCsv)) {
            throw new InputException("no failed analysis '" + id + "' in the inbox");
        }
        try {
            Path manifest = dir("failed").resolve(id + ".json");
            if (Files.exists(manifest)) {
                AtomicFiles.move(manifest, dir("pending").resolve(id + ".json"));
            }
            AtomicFiles.move(failedCsv, dir("pending").resolve(id + ".csv"));
            Files.deleteIfExists(dir("failed").resolve(id + "_error.json"));
            Files.deleteIfExists(dir("failed").resolve(id + InboxService.ERROR_LOG_SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + id + " back to pending: " + e.getMessage(), e);
        }
        markStatus(id, "pending", null, null);
    }

    /** Claims left by processes that are gone go back to pending. Returns the analysis ids recovered. */
    List<String> recoverStaleClaims() {
        List<String> recovered = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir("pending"), CLAIM_PREFIX + "*.csv")) {
            for (Path claim : files) {
                String name = claim.getFileName().toString();
                String core = name.substring(CLAIM_PREFIX.length(), name.length() - 4);
                int dash = core.lastIndexOf('-');
                if (dash < 0) {
                    continue;
                }
                String id = core.substring(0, dash);
                long owner;
                try {
                    owner = Long.parseLong(core.substring(dash + 1));
                } catch (NumberFormatException e) {
                    continue;
                }
                boolean alive = owner == pid ? active.contains(id) : claimerAlive(claim, owner);
                if (alive) {
                    continue;
                }
                Path back = dir("pending").resolve(id + ".csv");
                if (Files.exists(back)) {
                    Files.delete(claim);
                } else {
                    AtomicFiles.move(claim, back);
                }
                markStatus(id, "pending", null, null);
                recovered.add(id);
                LOG.warn("analysis {}: claim of ended process {} returned to pending", id, owner);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover inbox claims: " + e.getMessage(), e);
        }
        return recovered;
    }

    /** processed, failed, processing (claimed), pending, or missing. */
    String stateOnDisk(String id) {
        if (Files.exists(dir("processed").resolve(id + ".json"))) {
            return "processed";
        }
        if (Files.exists(dir("failed").resolve(id + "_error.json"))) {
            return "failed";
        }
        if (Files.exists(dir("pending").resolve(id + ".csv"))) {
            return "pending";
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir("pending"), CLAIM_PREFIX + id + "-*.csv")) {
            if (files.iterator().hasNext()) {
                return "processing";
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "missing";
    }

    /**
     * Whether the process that renamed {@code claim} to its name still runs: a process of that pid lives and started
     * before the rename (the rename set the claim's change time). A process that started after it got the pid of an
     * ended claimer from the system, which hands ended processes' pids out again.
     */
    static boolean claimerAlive(Path claim, long owner) {
        Optional<ProcessHandle> process = ProcessHandle.of(owner).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return false;
        }
        Optional<Instant> started = process.get().info().startInstant();
        try {
            Instant claimed = ((java.nio.file.attribute.FileTime) Files.getAttribute(claim, "unix:ctime")).toInstant();
            // a start time is the boot time (whole seconds) plus clock ticks: a second of slack
            return started.isEmpty() || !started.get().isAfter(claimed.plusSeconds(1));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return true; // no change time on this file system: the pid alone, as before
        }
    }

    /** True when a claim of an ended process waits to be recovered. */
    boolean hasStaleClaims() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir("pending"), CLAIM_PREFIX + "*.csv")) {
            for (Path claim : files) {
                String name = claim.getFileName().toString();
                String owner = name.substring(name.lastIndexOf('-') + 1, name.length() - 4);
                try {
                    long p = Long.parseLong(owner);
                    if (p != pid && !claimerAlive(claim, p)) {
                        return true;
                    }
                } catch (NumberFormatException e) {
                    // not ours
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path resultFile(String id) {
        return dir("processed").resolve(id + ".json");
    }

    /**
     * The summary of a processed analysis as stored in SQLite (no per-row list; cheap at any size), else read
     * from {@code processed/<id>.json}.
     */
    AnalysisSummary storedSummary(String id) {
        var row = analyses.find(id);
        if (row.isPresent() && row.get().summaryJson() != null) {
            try {
                return AnalysisSummary.fromJson(row.get().summaryJson());
            } catch (IllegalArgumentException e) {
                LOG.warn("analysis {}: unreadable stored summary, reading the result file: {}", id, e.getMessage());
            }
        }
        return resultSummary(id);
    }

    /** The summary of {@code processed/<id>.json} without its per-row list. */
    AnalysisSummary resultSummary(String id) {
        return AnalysisResults.summaryOf(resultFile(id));
    }

    Map<String, Object> readManifest(String id) {
        Path manifest = dir("pending").resolve(id + ".json");
        if (!Files.exists(manifest)) {
            return new LinkedHashMap<>(Map.of("analysis_id", id));
        }
        try {
            return Json.MAPPER.readValue(manifest.toFile(), LinkedHashMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable manifest of " + id + ": " + e.getMessage(), e);
        }
    }

    /** Stores a summary ahead of the status; nothing for a file dropped into pending by hand (it has no row). */
    void storeSummary(String id, String summary) {
        analyses.storeSummary(id, summary);
    }

    void markStatus(String id, String status, String summary, String error) {
        if (analyses.find(id).isEmpty()) {
            return; // a file dropped into pending by hand has no row
        }
        analyses.update(id, status, null, "processing".equals(status) ? String.valueOf(pid) : null, summary, error);
    }
}
