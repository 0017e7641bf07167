package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.Launcher;
import org.riskbench.app.AppContext;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.testsupport.ChildJvm;

/**
 * Kills a real {@code riskbench} process with SIGKILL at seeded random moments of each kind of job, then reopens the
 * workspace as the next command would and checks what a user depends on: the job is marked interrupted and its retry
 * succeeds; every analysis is in exactly one place and ends processed; a folder the user named holds a whole set of
 * artifacts or none.
 */
class CrashTest {
    private static final long SEED = 20261205L;
    private static final Set<String> CALIBRATION_SET = Set.of("calib_results.csv", "calib_topk.json", "pareto.json", "calib_meta.json");
    private static final Set<String> SCENARIO_SET = Set.of("runs.csv", "summary.json", "metadata.json", "input_sample.json");
    private static final Set<String> REPLAY_SET = Set.of("trace.csv", "summary.json");

    @TempDir
    Path dir;

    /**
     * Starts the command in a child JVM, waits until its job runs (or the command ends), lets it work for
     * {@code workMs} more and kills it with SIGKILL. True when the kill landed while its job ran.
     */
    private static boolean killWhileRunning(Path ws, long workMs, String... args) throws Exception {
        Set<String> before = jobIds(ws);
        Process child = ChildJvm.start(Launcher.class, args);
        Thread drain = new Thread(() -> {
            try {
                child.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                // the child is gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean running = false;
        while (!running && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            running = runningJobBesides(ws, before);
        }
        boolean ended = child.waitFor(workMs, TimeUnit.MILLISECONDS);
        if (!ended) {
            child.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        return running && !ended;
    }

    private static Set<String> jobIds(Path ws) {
        if (!Files.exists(ws)) {
            return Set.of();
        }
        try (AppContext app = AppContext.open(ws, 1)) {
            Set<String> ids = new java.util.HashSet<>();
            app.jobs().list(null, null, 1000).forEach(j -> ids.add(j.id()));
            return ids;
        }
    }

    private static boolean runningJobBesides(Path ws, Set<String> before) {
        if (!Files.exists(ws.resolve(".db"))) {
            return false;
        }
        // opening recovers only the jobs of ended processes: the child's job is live and stays as it is
        try (AppContext app = AppContext.open(ws, 1)) {
            return app.jobs().list(EnumSet.of(JobStatus.RUNNING), null, 100).stream().anyMatch(j -> !before.contains(j.id()));
        } catch (RuntimeException e) {
            return false; // the child is creating the workspace
        }
    }

    private static Path copy(String resource, Path to) throws Exception {
        Files.createDirectories(to.getParent());
        return Files.copy(Path.of(resource), to);
    }

    /** A user-named output folder holds the whole set or nothing of it. */
    private static void wholeOrNothing(Path folder, Set<String> set) throws Exception {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<String> names;
        try (Stream<Path> files = Files.list(folder)) {
            names = files.map(p -> p.getFileName().toString()).filter(set::contains).toList();
        }
        assertThat(names.isEmpty() || names.size() == set.size())
                .as("%s holds part of a set: %s", folder, names).isTrue();
    }

    private static void everyEndedJobIsRecordedAndRetried(Path ws) {
        List<String> toRetry = new ArrayList<>();
        try (AppContext app = AppContext.open(ws, 1)) {
            for (JobRecord job : app.jobs().list(null, null, 1000)) {
                assertThat(job.status()).as("job %s after the kill and a reopen", job.id())
                        .isIn(EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED));
                if (job.status() == JobStatus.FAILED) {
                    assertThat(job.errorMessage()).as(job.id()).startsWith("interrupted");
                    if (job.retryOf() == null) {
                        toRetry.add(job.id());
                    }
                }
            }
        }
        for (String id : toRetry) {
            CliTest.Result retry = CliTest.run("jobs", "retry", id, "--workspace", ws.toString());
            assertThat(retry.code()).as("retry of %s: %s", id, retry.err()).isZero();
        }
    }

    @Test
    void killedCalibrationsScenarioRunsAndReplaysLeaveRetryableJobsAndWholeArtifactSets() throws Exception {
        Random random = new Random(SEED);
        Path series = copy("sample-data/series/synthetic-regime.csv", dir.resolve("in/series.csv"));
        Path profile = copy("sample-data/profiles/default.yaml", dir.resolve("in/default.yaml"));
        Path grid = Files.writeString(dir.resolve("in/grid.txt"), "hysteresis.dwell_pass=[2,4,6,8,10,12]\n"
                + "kappa.tau_pass=0.3,0.35,0.4,0.45,0.5\nguards.latency_p95.soft=[250,300,350,400]\n"); // 120 points
        Path table = dir.resolve("in/table.csv");
        assertThat(CliTest.run("synth", "scenario", "--rows", "20000", "--out", table.toString()).code()).isZero();
        Path config = Files.writeString(dir.resolve("in/run.yaml"), "name: crash\nn_scenarios: 1500\nseed: 3\ninput_path: " + table + "\n");
        Path ws = dir.resolve("ws");
        int killedMidWay = 0;
        for (int trial = 0; trial < 6; trial++) {
            // within the first moments of the job, so a kill lands mid-job also on a fast, idle machine
            long workMs = random.nextInt(300);
            Path out = dir.resolve("out-" + trial);
            String[] args = switch (trial % 3) {
                case 0 -> new String[] {"calibrate", "--series", series.toString(), "--profile", profile.toString(),
                    "--grid", "@" + grid, "--calib-out-dir", out.toString(), "--workspace", ws.toString()};
                case 1 -> new String[] {"scenario", "run", "--config", config.toString(), "--output-dir", out.toString(),
                    "--workspace", ws.toString()};
                default -> new String[] {"replay", "--series", series.toString(), "--profile", profile.toString(),
                    "--out", out.toString(), "--workspace", ws.toString()};
            };
            if (killWhileRunning(ws, workMs, args)) {
                killedMidWay++;
            }
            wholeOrNothing(out, switch (trial % 3) {
                case 0 -> CALIBRATION_SET;
                case 1 -> SCENARIO_SET;
                default -> REPLAY_SET;
            });
        }
        everyEndedJobIsRecordedAndRetried(ws);
        Set<Path> queued = new java.util.HashSet<>();
        try (AppContext app = AppContext.open(ws, 1)) {
            app.jobs().list(null, null, 1000).forEach(job -> queued.add(Path.of(job.outputDir())));
        }
        for (int trial = 0; trial < 6; trial++) {
            Path out = dir.resolve("out-" + trial).toAbsolutePath();
            if (!queued.contains(out)) {
                continue; // killed before its job was recorded: nothing was started, nothing to find
            }
            Set<String> set = trial % 3 == 0 ? CALIBRATION_SET : trial % 3 == 1 ? SCENARIO_SET : REPLAY_SET;
            // after the retries, every folder the user named holds its whole set, in that folder
            for (String name : set) {
                assertThat(out.resolve(name)).as("trial %d", trial).exists();
            }
        }
        assertThat(killedMidWay).as("kills that landed while a job ran").isGreaterThanOrEqualTo(3);
    }

    @Test
    void killedInferencesLeaveEveryAnalysisInExactlyOnePlaceAndAllEndProcessed() throws Exception {
        Random random = new Random(SEED + 1);
        Path ws = dir.resolve("ws");
        Path small = dir.resolve("in/small.csv");
        Files.createDirectories(small.getParent());
        assertThat(CliTest.run("synth", "transactions", "--rows", "200", "--seed", "1", "--out", small.toString()).code()).isZero();
        assertThat(CliTest.run("infer", small.toString(), "--workspace", ws.toString()).code()).isZero(); // trains the model
        for (int trial = 0; trial < 3; trial++) {
            Path tx = dir.resolve("in/tx-" + trial + ".csv");
            assertThat(CliTest.run("synth", "transactions", "--rows", "10000", "--seed", String.valueOf(10 + trial),
                    "--out", tx.toString()).code()).isZero();
            killWhileRunning(ws, random.nextInt(2000), "infer", tx.toString(), "--workspace", ws.toString());
        }
        everyEndedJobIsRecordedAndRetried(ws);
        CliTest.Result drain = CliTest.run("inbox", "process", "--workspace", ws.toString());
        assertThat(drain.code()).as(drain.err()).isZero();
        Set<String> seen = new java.util.HashSet<>();
        for (String state : List.of("pending", "processed", "failed")) {
            try (Stream<Path> files = Files.list(ws.resolve("inbox").resolve(state))) {
                for (Path p : files.toList()) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".csv") && !name.endsWith("_results.csv") && !name.startsWith(".")) {
                        assertThat(seen.add(name)).as("%s is in two places", name).isTrue();
                        assertThat(state).as(name).isEqualTo("processed");
                    }
                }
            }
        }
        try (Stream<Path> pending = Files.list(ws.resolve("inbox/pending"))) {
            assertThat(pending.map(p -> p.getFileName().toString())).as("claims and half-queued files after a drain")
                    .noneMatch(n -> n.startsWith(".processing-"));
        }
        assertThat(seen).hasSizeGreaterThanOrEqualTo(1);
    }
}
