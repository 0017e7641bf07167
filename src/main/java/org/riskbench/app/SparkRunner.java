package org.riskbench.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.launcher.SparkAppHandle;
import org.apache.spark.launcher.SparkLauncher;
import org.riskbench.core.CancelledException;
import org.riskbench.core.Folders;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.jobs.JobContext;
import org.riskbench.jobs.JobFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job's work as a Spark application (docs/scale-out.md): submits the job jar's driver through
 * {@link SparkLauncher} in client mode, follows it through its {@link SparkAppHandle} (state, application id) and the
 * small status files the driver writes (UI address, progress from task counts, summary or one-sentence error), kills
 * the application when the job is cancelled. The driver writes the job's artifacts into its output folder itself, with
 * the same code as a local run.
 *
 * <p>Spark is found, in order: the workspace setting {@value SparkSettings#HOME}, {@code SPARK_HOME}, and in a checkout
 * the build's {@code spark/target/spark-deps}, for which a two-line {@code spark-submit} is written that runs
 * {@code org.apache.spark.deploy.SparkSubmit} from those jars.
 */
public final class SparkRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SparkRunner.class);
    public static final String JOB_JAR = "riskbench-spark-job.jar";
    static final String DRIVER_CLASS = "org.riskbench.spark.SparkJob";
    private static final long POLL_MS = 250;
    /** What spark-submit's launcher adds on Java 17 (Spark's JavaModuleOptions), for the generated spark-submit. */
    private static final String MODULE_OPTIONS = "-XX:+IgnoreUnrecognizedVMOptions"
            + " --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
            + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED"
            + " --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED"
            + " --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
            + " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED"
            + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED"
            + " --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
            + " -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true";

    /** Spark's installation (a folder with bin/spark-submit) and the job jar. */
    record Installation(Path sparkHome, Path jobJar) {
    }

    private final Path workspaceRoot;

    SparkRunner(Path workspaceRoot) {
        this.workspaceRoot = workspaceRoot;
    }

    /** The master of {@code --spark} given without one: the workspace setting. */
    public String defaultMaster() {
        return SparkSettings.read(workspaceRoot).getProperty(SparkSettings.MASTER);
    }

    /**
     * Checks what can be checked before a job is made: Spark and the job jar are there, and a standalone master
     * answers on its port.
     */
    public void check(SparkTarget target) {
        installation();
        if (target.master().startsWith("spark://")) {
            for (String hostPort : target.master().substring("spark://".length()).split(",")) {
                URI uri = URI.create("spark://" + hostPort.strip());
                int port = uri.getPort() < 0 ? 7077 : uri.getPort();
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(uri.getHost(), port), 3000);
                    return; // one master of the list answers
                } catch (IOException | IllegalArgumentException e) {
                    LOG.debug("no master at {}:{}", uri.getHost(), port, e);
                }
            }
            throw new InputException("--spark " + target.master() + ": no Spark master answers there; start it or check"
                    + " the address (spark://host:7077).");
        }
    }

    /**
     * Runs {@code workload} with {@code spec} (the driver's parameters; its {@code output_dir} is the job's folder) and
     * returns the driver's result document read as a {@code resultType} (the record the driver wrote it from), with
     * the application's id, final state, UI address and master.
     *
     * @throws CancelledException when the job was cancelled (the application is killed)
     * @throws JobFailedException with the driver's one-sentence error when the application fails
     */
    public <T> SparkReply<T> run(JobContext context, String workload, Map<String, Object> spec, SparkTarget target,
                                 Class<T> resultType) {
        Installation spark = installation();
        Path status;
        try {
            status = Files.createTempDirectory("riskbench-spark-" + context.jobId() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder for the Spark driver's status: " + e.getMessage(), e);
        }
        try {
            Path specFile = status.resolve("spec.json");
            Json.write(specFile, spec);
            Path driverLog = status.resolve("driver.log");
            SparkLauncher launcher = new SparkLauncher(new HashMap<>())
                    .setSparkHome(spark.sparkHome().toString())
                    .setMaster(target.master())
                    .setDeployMode("client")
                    .setAppName("riskbench " + workload + " " + context.jobId())
                    .setAppResource(spark.jobJar().toString())
                    .setMainClass(DRIVER_CLASS)
                    .addAppArgs(workload, specFile.toString(), status.toString())
                    .redirectError(driverLog.toFile())
                    .redirectOutput(status.resolve("driver.out").toFile());
            // the workspace's default Spark settings, then the job's own (--spark-conf wins)
            Map<String, String> conf = new java.util.TreeMap<>(SparkSettings.defaultConf(workspaceRoot));
            conf.putAll(target.conf());
            for (Map.Entry<String, String> e : conf.entrySet()) {
                launcher.setConf(e.getKey(), e.getValue());
            }
            context.log("submitting to Spark " + target.master() + " (" + spark.sparkHome() + ")");
            SparkAppHandle handle = launcher.startApplication();
            return follow(context, handle, status, driverLog, target, resultType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start spark-submit: " + e.getMessage(), e);
        } finally {
            Folders.deleteTree(status);
        }
    }

    private <T> SparkReply<T> follow(JobContext context, SparkAppHandle handle, Path status, Path driverLog,
                                     SparkTarget target, Class<T> resultType) {
        SparkAppHandle.State lastState = null;
        String appId = null;
        String uiUrl = null;
        double lastFraction = -1;
        try {
            while (true) {
                SparkAppHandle.State state = handle.getState();
                if (appId == null && handle.getAppId() != null) {
                    appId = handle.getAppId();
                }
                if (uiUrl == null && Files.isRegularFile(status.resolve("app.json"))) {
                    JsonNode app = Json.MAPPER.readTree(status.resolve("app.json").toFile());
                    appId = app.path("app_id").asText(appId);
                    uiUrl = app.hasNonNull("ui_url") ? app.get("ui_url").asText() : "";
                    context.log("spark application " + appId + (uiUrl.isEmpty() ? "" : ", UI " + uiUrl));
                }
                if (state != lastState) {
                    context.log("spark application " + (appId == null ? "" : appId + " ") + stateName(state));
                    lastState = state;
                }
                if (state.isFinal()) {
                    break;
                }
                if (context.isCancelled()) {
                    context.log("cancelled: killing spark application " + (appId == null ? "" : appId));
                    handle.kill();
                    throw new CancelledException();
                }
                Path progress = status.resolve("progress.json");
                if (Files.isRegularFile(progress)) {
                    JsonNode p = Json.MAPPER.readTree(progress.toFile());
                    double f = p.path("fraction").asDouble();
                    if (f != lastFraction) {
                        context.report(f, p.path("message").asText());
                        lastFraction = f;
                    }
                }
                Thread.sleep(POLL_MS);
            }
        } catch (InterruptedException e) {
            handle.kill();
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (IOException e) {
            handle.kill();
            throw new UncheckedIOException("cannot read the Spark driver's status: " + e.getMessage(), e);
        }
        SparkAppHandle.State end = handle.getState();
        Path result = status.resolve("result.json");
        // the application's state can turn final as the driver stops its context, a moment before it writes its
        // summary or error
        long wait = System.nanoTime() + 10_000_000_000L;
        while (!Files.isRegularFile(result) && !Files.isRegularFile(status.resolve("error.txt")) && System.nanoTime() < wait
                && end != SparkAppHandle.State.KILLED) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (end == SparkAppHandle.State.FINISHED && Files.isRegularFile(result)) {
            return SparkReply.read(result, resultType, new SparkReply.Application(appId, stateName(end), uiUrl, target.master()));
        }
        // a driver that failed after its context stopped cleanly ends "finished" for Spark: without a summary, it failed
        String ended = end == SparkAppHandle.State.FINISHED ? "failed" : stateName(end);
        throw new JobFailedException("the Spark application " + (appId == null ? "" : appId + " ") + "ended "
                + ended + ": " + reason(status, driverLog));
    }

    /** The driver's own sentence, else the last error line of its log, else where the log was. */
    private static String reason(Path status, Path driverLog) {
        try {
            Path error = status.resolve("error.txt");
            if (Files.isRegularFile(error)) {
                return Files.readString(error, StandardCharsets.UTF_8).strip();
            }
            if (Files.isRegularFile(driverLog)) {
                List<String> lines = Files.readAllLines(driverLog, StandardCharsets.UTF_8);
                for (int i = lines.size() - 1; i >= 0; i--) {
                    String line = lines.get(i);
                    if (line.contains("ERROR") || line.startsWith("Exception") || line.startsWith("Error")) {
                        return org.riskbench.core.Texts.abbreviate(line.strip());
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("driver status unreadable", e);
        }
        return "spark-submit gave no reason (run again with --log-level DEBUG)";
    }

    static String stateName(SparkAppHandle.State s) {
        return s == null ? "unknown" : s.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Finds Spark and the job jar, or says in one line what to set. */
    Installation installation() {
        Path home = sparkHome();
        return new Installation(home, jobJar());
    }

    private Path sparkHome() {
        Properties settings = SparkSettings.read(workspaceRoot);
        String home = settings.getProperty(SparkSettings.HOME);
        String source = SparkSettings.HOME + " in " + workspaceRoot.resolve(SparkSettings.FILE);
        if (home == null || home.isBlank()) {
            home = System.getenv("SPARK_HOME");
            source = "SPARK_HOME";
        }
        if (home != null && !home.isBlank()) {
            Path h = Path.of(home.strip());
            if (!Files.isRegularFile(h.resolve("bin").resolve("spark-submit"))) {
                throw new InputException(source + " is " + h + ", which has no bin/spark-submit; point it to a Spark 4"
                        + " installation.");
            }
            return h;
        }
        Path deps = checkoutTop() == null ? null : checkoutTop().resolve("spark/target/spark-deps");
        if (deps != null && Files.isDirectory(deps)) {
            return generatedHome(deps);
        }
        throw new InputException("No Spark installation found: set SPARK_HOME, or the workspace setting "
                + SparkSettings.HOME + " (riskbench spark set " + SparkSettings.HOME + " DIR), to a Spark 4 installation.");
    }

    private static Path jobJar() {
        Path code = codeLocation();
        if (code != null) {
            Path beside = code.getParent() == null ? null : code.getParent().resolve("spark").resolve(JOB_JAR);
            if (beside != null && Files.isRegularFile(beside)) {
                return beside; // the installed app: the job jar ships in spark/ beside riskbench.jar
            }
        }
        Path top = checkoutTop();
        if (top != null && Files.isRegularFile(top.resolve("spark/target").resolve(JOB_JAR))) {
            return top.resolve("spark/target").resolve(JOB_JAR);
        }
        throw new InputException("The Spark job jar " + JOB_JAR + " is missing: build it with 'mvn -B -DskipTests package'"
                + " (it is spark/target/" + JOB_JAR + ") or reinstall Riskbench.");
    }

    /** target/classes or target/riskbench.jar. */
    private static Path codeLocation() {
        try {
            return Path.of(SparkRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return null;
        }
    }

    /** The top of the checkout this code was built in (the parent of its target/), or null when installed. */
    private static Path checkoutTop() {
        Path code = codeLocation();
        Path target = code == null ? null : code.getParent();
        if (target == null || !target.getFileName().toString().startsWith("target") || target.getParent() == null) {
            return null;
        }
        Path top = target.getParent();
        return Files.isRegularFile(top.resolve("spark/pom.xml")) ? top : null;
    }

    private static Path generatedHome;

    /** A minimal Spark home for a checkout: bin/spark-submit running SparkSubmit from the dependency folder. */
    private static synchronized Path generatedHome(Path deps) {
        if (generatedHome != null && Files.isRegularFile(generatedHome.resolve("bin/spark-submit"))) {
            return generatedHome;
        }
        try {
            Path home = Files.createTempDirectory("riskbench-spark-home-");
            Path bin = Files.createDirectories(home.resolve("bin"));
            Path submit = bin.resolve("spark-submit");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // the driver runs in this JVM (client mode): its heap is spark.driver.memory (--driver-memory), as
            // Spark's own spark-submit makes it
            Files.writeString(submit, "#!/bin/sh\n# SparkSubmit from the build's Spark jars (riskbench, checkout without a Spark install)\n"
                    + "mem=1g\nprev=\nfor a in \"$@\"; do\n"
                    + "  case \"$prev\" in\n"
                    + "    --driver-memory) mem=$a ;;\n"
                    + "    --conf) case \"$a\" in spark.driver.memory=*) mem=${a#spark.driver.memory=} ;; esac ;;\n"
                    + "  esac\n  prev=$a\ndone\n"
                    + "exec '" + java + "' -Xmx$mem " + MODULE_OPTIONS + " -cp '" + deps.toAbsolutePath() + "/*'"
                    + " org.apache.spark.deploy.SparkSubmit \"$@\"\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
            home.toFile().deleteOnExit();
            bin.toFile().deleteOnExit();
            submit.toFile().deleteOnExit();
            generatedHome = home;
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a spark-submit for the build's Spark jars: " + e.getMessage(), e);
        }
    }
}
