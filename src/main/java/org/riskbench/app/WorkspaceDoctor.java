package org.riskbench.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.riskbench.core.ArtifactSet;
import org.riskbench.core.Folders;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.jobs.JobService;
import org.riskbench.store.Database;
import org.riskbench.store.RunRepository;
import org.riskbench.store.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs what crashes leave behind, without touching what a live process uses: temporary files and unfinished
 * artifact sets (removed once older than the oldest live job and an hour), a previous output renamed aside with
 * nothing in its place (renamed back), runs left running by a job that ended, inbox claims of ended processes. Opening
 * a workspace does the cheap part ({@link #removeLeftovers}); {@code riskbench doctor} does all of it and says what
 * it found, with SQLite's integrity check.
 */
public final class WorkspaceDoctor {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceDoctor.class);
    /** A temporary file no one has written for this long is a leftover, whatever the jobs. */
    static final Duration MIN_AGE = Duration.ofHours(1);
    /** How deep under the workspace leftovers are looked for (runs/<id>/<sub>/<file>). */
    private static final int DEPTH = 4;

    /** Leftover files removed, folders restored. */
    public record Leftovers(List<Path> removed, long bytes, List<Path> restored) {
    }

    /** What {@code riskbench doctor} found and fixed. */
    public record Report(List<String> integrityProblems, List<String> jobsInterrupted, List<String> claimsReturned,
                         List<String> runsEnded, Leftovers leftovers) {
        public boolean healthy() {
            return integrityProblems.isEmpty();
        }
    }

    private final Workspace workspace;
    private final Database database;
    private final JobService jobs;
    private final RunRepository runs;
    private final InboxService inbox;

    WorkspaceDoctor(Workspace workspace, Database database, JobService jobs, RunRepository runs, InboxService inbox) {
        this.workspace = workspace;
        this.database = database;
        this.jobs = jobs;
        this.runs = runs;
        this.inbox = inbox;
    }

    /** Checks and repairs everything; {@code interruptedAtOpen} are the jobs the opening already recovered. */
    public Report examine(List<String> interruptedAtOpen, Leftovers leftoversAtOpen) {
        List<String> interrupted = new ArrayList<>(interruptedAtOpen);
        interrupted.addAll(jobs.recoverInterrupted());
        List<String> claims = inbox.recoverStaleClaims();
        List<String> orphanRuns = runs.runningWithoutAJob();
        if (!orphanRuns.isEmpty()) {
            for (String id : orphanRuns) {
                runs.finish(id, "failed", null, null, "interrupted: its job ended without ending it");
            }
            LOG.warn("{} run(s) left running by an ended job were marked failed: {}", orphanRuns.size(), orphanRuns);
        }
        Leftovers now = removeLeftovers(Instant.now());
        List<Path> removed = new ArrayList<>(leftoversAtOpen.removed());
        removed.addAll(now.removed());
        List<Path> restored = new ArrayList<>(leftoversAtOpen.restored());
        restored.addAll(now.restored());
        return new Report(database.integrityProblems(), interrupted, claims, orphanRuns,
                new Leftovers(removed, leftoversAtOpen.bytes() + now.bytes(), restored));
    }

    /**
     * Removes temporary files and unfinished artifact sets older than both an hour and the start of the oldest job a
     * live process still has queued or running; renames back a previous output left aside by a crash.
     */
    public Leftovers removeLeftovers(Instant now) {
        Instant cutoff = now.minus(MIN_AGE);
        Set<Path> folders = new LinkedHashSet<>();
        folders.add(workspace.root());
        for (JobRecord job : jobs.list(null, null, 10_000)) {
            boolean live = job.status() == JobStatus.PENDING || job.status() == JobStatus.RUNNING;
            if (live && job.createdAt() != null && job.createdAt().isBefore(cutoff)) {
                cutoff = job.createdAt();
            }
            // a folder the user named for a job's output is outside the workspace: its hidden siblings are ours too
            if (job.outputDir() != null) {
                Path out = Path.of(job.outputDir());
                if (!out.startsWith(workspace.root()) && out.getParent() != null) {
                    folders.add(out.getParent());
                }
            }
        }
        List<Path> restored = new ArrayList<>();
        List<Path> removed = new ArrayList<>();
        long bytes = 0;
        for (Path folder : folders) {
            boolean inside = folder.equals(workspace.root());
            restored.addAll(ArtifactSet.repair(folder));
            for (Path leftover : leftoversIn(folder, inside ? DEPTH : 1, cutoff)) {
                long size = sizeOf(leftover);
                if (Folders.deleteTree(leftover)) {
                    removed.add(leftover);
                    bytes += size;
                }
            }
        }
        if (!removed.isEmpty() || !restored.isEmpty()) {
            LOG.info("workspace {}: removed {} leftover temporary file(s) of ended runs ({} bytes){}", workspace.root(),
                    removed.size(), bytes, restored.isEmpty() ? "" : "; restored " + restored);
        }
        return new Leftovers(removed, bytes, restored);
    }

    private List<Path> leftoversIn(Path folder, int depth, Instant cutoff) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        Path database = workspace.databaseFile().getParent();
        List<Path> found = new ArrayList<>();
        try (Stream<Path> all = Files.walk(folder, depth)) {
            all.filter(p -> !p.startsWith(database) && isTemporary(p) && olderThan(p, cutoff))
                    // a leftover folder's own content goes with it
                    .filter(p -> found.stream().noneMatch(p::startsWith))
                    .forEach(found::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.debug("looking for leftovers in {}: {}", folder, e.getMessage());
        }
        return found;
    }

    /**
     * Our temporary names, all hidden: {@code .<file>.<hex>.tmp} (atomic writes), {@code .<file>.part} (a result
     * document being written), {@code .enriching-<id>.csv} (an analysis being queued), and unfinished or replaced
     * artifact sets. Inbox claims ({@code .processing-}) are not: the inbox returns those of ended processes.
     */
    static boolean isTemporary(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!name.startsWith(".") || name.startsWith(".processing-")) {
            return false;
        }
        if (name.contains(ArtifactSet.STAGING)) {
            return true;
        }
        if (name.contains(ArtifactSet.REPLACED)) {
            return ArtifactSet.targetOf(path, ArtifactSet.REPLACED) != null; // its target exists: repair left it
        }
        return (name.endsWith(".tmp") || name.endsWith(".part") || name.startsWith(".enriching-")) && Files.isRegularFile(path);
    }

    private static boolean olderThan(Path path, Instant cutoff) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).lastModifiedTime().toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    private static long sizeOf(Path path) {
        try (Stream<Path> all = Files.walk(path)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
