package org.riskbench.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.riskbench.core.InputException;
import org.riskbench.engine.scenario.ScenarioDataReader;
import org.riskbench.engine.scenario.SyntheticData;

/**
 * A scenario run end to end as a user starts it ({@code riskbench bench --engine scenario-e2e}): a seeded
 * {@code rows x 8} table written by {@code synth scenario}, then {@code riskbench scenario run} on it in a new JVM
 * (this process's java, class path, heap limit and class data sharing archive), timed from the spawn to its exit: JVM start, reading, fit, the scenarios,
 * the artifacts and the workspace. Peak RSS is the child's {@code VmHWM} (Linux; sampled every 5 ms, so a rise in
 * its last milliseconds may be missed). The same command on a 1,000-row table gives the JVM's own footprint. The
 * reading speed is measured in this process: {@link ScenarioDataReader} alone on the same file, warm; each run's own
 * phases (the read and its MB/s in the new JVM, the fit, the scenarios) come from the lines it logs.
 */
public final class ScenarioEndToEndBenchmark {

    /**
     * @param inputMb       the table's size, MB (10^6 bytes, as numpy users count)
     * @param wallSeconds   each run's wall time, sorted
     * @param peakRssMb     each run's peak RSS, MB (10^6 bytes), sorted; empty when the platform does not tell
     * @param baseRssMb     peak RSS of the same command on a 1,000-row table (the JVM's own), or -1
     * @param readMbPerSec  reading speed of the reader alone (median of 3, warm), MB/s
     * @param tableMb       the table's size held as doubles (rows x columns x 8 bytes), MB
     */
    public record Result(long rows, int scenarios, double inputMb, double[] wallSeconds, double[] peakRssMb,
                         double baseRssMb, double readMbPerSec, double tableMb, List<String> phases) {
        public double medianWall() {
            return wallSeconds[wallSeconds.length / 2];
        }

        public double medianRss() {
            return peakRssMb.length == 0 ? -1 : peakRssMb[peakRssMb.length / 2];
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "scenario-e2e: %,d rows x 8 features (%.1f MB), %d scenarios, as 'scenario run'"
                    + " in a new JVM: %.2f s wall (median of %d; runs %s); reading %.0f MB/s (reader alone, warm);"
                    + " peak RSS %.0f MB (median; JVM's own on 1,000 rows %.0f MB; table in doubles %.0f MB: %.2fx above"
                    + " the JVM's own); each run's phases in its new JVM (its log): %s",
                    rows, inputMb, scenarios, medianWall(), wallSeconds.length, Arrays.toString(wallSeconds), readMbPerSec,
                    medianRss(), baseRssMb, tableMb, (medianRss() - baseRssMb) / tableMb, String.join(" | ", phases));
        }
    }

    private ScenarioEndToEndBenchmark() {
    }

    /** The seeded table of {@code rows} rows in {@code dir} (reused when there). */
    public static Path input(Path dir, long rows) {
        if (rows > Integer.MAX_VALUE / 8) {
            throw new InputException("--scenario-rows " + rows + " is too many for one table of 8 features");
        }
        Path file = dir.resolve("scenario-" + rows + ".csv");
        if (!Files.exists(file)) {
            SyntheticData.write(file, (int) rows, 8, 42);
        }
        return file;
    }

    public static Result run(Path dir, long rows, int scenarios, int repetitions) {
        try {
            Path table = input(dir, rows);
            Path small = input(dir, 1000);
            double mb = Files.size(table) / 1e6;
            double[] read = new double[3];
            ScenarioDataReader.read(table, "target"); // warm-up
            for (int i = 0; i < read.length; i++) {
                long t0 = System.nanoTime();
                ScenarioDataReader.read(table, "target");
                read[i] = mb / ((System.nanoTime() - t0) / 1e9);
            }
            Arrays.sort(read);
            double base = spawn(dir, small, scenarios)[1];
            List<double[]> runs = new ArrayList<>();
            List<String> phases = new ArrayList<>();
            for (int i = 0; i < repetitions; i++) {
                runs.add(spawn(dir, table, scenarios));
                phases.add(phases(dir.resolve("scenario-e2e.log")));
            }
            double[] wall = runs.stream().mapToDouble(r -> r[0]).sorted().toArray();
            double[] rss = runs.stream().mapToDouble(r -> r[1]).filter(v -> v >= 0).sorted().toArray();
            return new Result(rows, scenarios, mb, wall, rss, base, read[1], rows * 9 * 8 / 1e6, List.copyOf(phases));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One {@code scenario run} in a new JVM: {wall seconds, peak RSS MB or -1}. */
    private static double[] spawn(Path dir, Path table, int scenarios) throws IOException {
        Path config = dir.resolve("scenario-e2e.yaml");
        Files.writeString(config, "name: bench_e2e\ninput_path: " + table.toAbsolutePath() + "\ntarget: target\nn_scenarios: "
                + scenarios + "\nseed: 42\nshock_sd: 0.05\nbootstrap: true\nhit_band: 2.0\n", StandardCharsets.UTF_8);
        Path ws = Files.createTempDirectory(dir, "ws");
        Path log = dir.resolve("scenario-e2e.log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(launcherOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.riskbench.Launcher",
                "scenario", "run", "--config", config.toString(), "--workspace", ws.toString(),
                "--output-dir", ws.resolve("out").toString()));
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        long peakKb = -1;
        try {
            while (!process.waitFor(5, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                peakKb = Math.max(peakKb, highWaterKb(status));
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("scenario run exited with " + process.exitValue() + ": "
                    + Files.readString(log, StandardCharsets.UTF_8).strip());
        }
        deleteTree(ws);
        return new double[] {seconds, peakKb < 0 ? -1 : peakKb * 1024 / 1e6};
    }

    /**
     * The options of this JVM that the child's start depends on, so it starts as this one did: the installed
     * launcher's heap limit and class data sharing archive ({@code packaging/build.sh}); none under {@code java -jar}.
     */
    private static List<String> launcherOptions() {
        List<String> options = new ArrayList<>();
        for (String option : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("-Xmx") || option.startsWith("-XX:SharedArchiveFile=") || option.startsWith("-Xlog:cds")
                    || option.startsWith("-Xshare:")) {
                options.add(option);
            }
        }
        return options;
    }

    /** The phases a scenario run logs: "read 84.9 MB in 0.41 s (207 MB/s), fitted in 0.30 s; scenarios in 0.61 s". */
    private static String phases(Path log) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            java.util.regex.Matcher m = PHASE.matcher(line);
            if (m.find()) {
                found.add(m.group(1));
            }
        }
        return String.join("; ", found);
    }

    private static final java.util.regex.Pattern PHASE = java.util.regex.Pattern.compile(
            "(read [0-9.]+ MB in [0-9.]+ s \\([0-9]+ MB/s\\), fitted in [0-9.]+ s|scenarios in [0-9.]+ s)");

    /** The process's peak resident set ({@code VmHWM}), kB, or -1 when it is gone or the platform has no /proc. */
    private static long highWaterKb(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return -1;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
