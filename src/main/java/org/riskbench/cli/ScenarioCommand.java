package org.riskbench.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.riskbench.app.AppContext;
import org.riskbench.app.ScenarioJobResult;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.engine.scenario.ScenarioConfig;
import org.riskbench.engine.scenario.ScenarioInput;
import org.riskbench.jobs.JobHandle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code riskbench scenario run}: stress the baseline linear risk model under seeded scenarios. */
@Command(name = "scenario", mixinStandardHelpOptions = true, description = "Scenario stress tests of the baseline linear risk model.",
        subcommands = ScenarioCommand.Run.class)
public final class ScenarioCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a scenario config (JSON or YAML) as a job; writes summary.json, runs.csv, metadata.json, input_sample.json.")
    static final class Run implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Option(names = "--config", paramLabel = "FILE",
                description = "Scenario config, .json or .yaml (default: every default of the spec: 5 scenarios, seed 42, synthetic data).")
        Path config;
        @Option(names = "--sphere", paramLabel = "NAME",
                description = "A label on the job, forge or orunmila (the Leto BLRM worker's option); filter with 'jobs list --sphere'.")
        String sphere;
        @Option(names = "--output-dir", paramLabel = "DIR", description = "Artifacts folder (default: output_dir of the config, else the workspace's runs/<job-id>).")
        Path outputDir;
        @Option(names = "--overwrite", description = "Replace a previous scenario run's output in the folder (other folders that are not"
                + " new or empty are refused).")
        boolean overwrite;
        @Option(names = "--job-id", paramLabel = "ID", description = "Job id (default: generated).")
        String jobId;
        @Option(names = "--threads", paramLabel = "N", description = "Worker threads, 1 to 4 x cores (default: all cores).")
        Integer threads;
        @Mixin
        SparkOptions spark;
        @Option(names = "--table", paramLabel = "URI", description = "With --spark: the input table on a path every"
                + " executor can read (file:/shared/..., hdfs://..., s3a://...); default: the config's input_path.")
        String table;

        @Override
        public Integer call() {
            // the Leto BLRM worker logged at INFO by default: its users watch the job's lines on stderr
            // The workspace opens on a thread of its own while the config is parsed, then the input table is read and
            // fitted on another while the job is prepared (each takes a while);
            // what each refuses is said in the order it was before: the log level, the workspace, the config, the
            // arguments, then the table.
            common.applyLogLevel("INFO");
            // the workspace opens (SQLite's native library, the schema, the services) while the config is parsed
            java.util.concurrent.CompletableFuture<AppContext> opening = new java.util.concurrent.CompletableFuture<>();
            Thread opener = new Thread(() -> {
                try {
                    opening.complete(Cli.openApp(common, "INFO"));
                } catch (RuntimeException | Error e) {
                    opening.completeExceptionally(e);
                }
            }, "scenario-workspace-open");
            opener.setDaemon(true);
            opener.start();
            ScenarioConfig loaded = null;
            RuntimeException configError = null;
            try {
                loaded = config == null ? ScenarioConfig.defaults() : ScenarioConfig.load(config);
                if (outputDir != null) {
                    loaded = loaded.withOutputDir(outputDir.toAbsolutePath());
                }
            } catch (RuntimeException e) {
                configError = e;
            }
            Supplier<ScenarioInput> checked = loaded == null ? null : ScenarioInput.checkInBackground(loaded);
            try (AppContext app = opened(opening)) {
                if (configError != null) {
                    throw configError;
                }
                ScenarioConfig cfg = loaded;
                PrintWriter err = spec.commandLine().getErr();
                // the input table is checked here, before a job exists: a refused one is exit code 2 with no job
                JobHandle handle = app.scenarios().submit(cfg, checked, jobId,
                        threads == null ? 0 : org.riskbench.core.Limits.threads(threads, "--threads"), sphere, overwrite,
                        w -> err.println("riskbench: warning: " + w), spark.target(app.scenarios().defaultSparkMaster()), table);
                JobRecord done = JobWaiter.await(app, handle, err);
                PrintWriter out = spec.commandLine().getOut();
                if (done.status() != JobStatus.SUCCEEDED) {
                    boolean wrote = done.outputDir() != null && nonEmptyFolder(Path.of(done.outputDir()));
                    err.println("riskbench: scenario job " + done.id() + " " + done.status().dbName()
                            + ": " + done.errorMessage() + (wrote ? " (artifacts in " + done.outputDir() + ")" : ""));
                    return Cli.EXIT_JOB_FAILED;
                }
                ScenarioJobResult result = ScenarioJobResult.fromJson(done.resultJson());
                out.printf(Locale.ROOT, "scenario job %s succeeded: %s scenarios, %s rows, mean avg_score %.6g, mean p_hit %.4f,"
                                + " best scenario %s; artifacts in %s%n", done.id(), result.numScenarios(), result.numRows(),
                        result.meanAvgScore(), result.meanPHit(), result.bestScenarioId(), done.outputDir());
                return Cli.EXIT_OK;
            }
        }

        /** The workspace opened beside the config's parsing, or what refused it, as if opened here. */
        private static AppContext opened(java.util.concurrent.CompletableFuture<AppContext> opening) {
            try {
                return opening.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }

        /** Something was written there (a failed Spark job may leave only the empty folder the job made). */
        private static boolean nonEmptyFolder(Path dir) {
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                return files.findAny().isPresent();
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }
}
