package org.riskbench.cli;

import org.riskbench.core.Limits;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.riskbench.app.InferenceBenchmark;
import org.riskbench.app.ScenarioEndToEndBenchmark;
import org.riskbench.engine.acceptance.AcceptanceBenchmark;
import org.riskbench.engine.calibration.CalibrationBenchmark;
import org.riskbench.engine.intake.IntakeBenchmark;
import org.riskbench.engine.scenario.ScenarioBenchmark;
import org.riskbench.engine.tabular.Learner;
import org.riskbench.engine.tabular.TabularBenchmark;
import org.riskbench.engine.tabular.TabularData;
import org.riskbench.core.Folders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code riskbench bench}: the engines' throughput on this machine (the figures quoted in the README). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure engine throughput on this machine.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--engine", split = ",", defaultValue = "acceptance,calibration,scenario,intake",
            description = "Engines to measure: acceptance, calibration, scenario, intake (validate + type inference, MB/s),"
                    + " inference (end to end, as 'infer', median of 3 runs: about a minute per thread count at 1M rows),"
                    + " scenario-e2e ('scenario run' in a new JVM on a --scenario-rows x 8 table, --e2e-scenarios scenarios, median"
                    + " of 3, with peak RSS and the reader's MB/s), tabular-quality (each general learner's 5-fold CV ROC AUC beside"
                    + " plain logistic regression on --quality-data tables and a synthetic one of known Bayes AUC), tabular-speed"
                    + " (training time per general learner and scoring rows/s on a --tabular-rows x 20 mixed table)"
                    + " (default: ${DEFAULT-VALUE}).")
    List<String> engines;
    @Option(names = "--threads", split = ",", defaultValue = "1,2", description = "Thread counts (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;
    @Option(names = "--acceptance-steps", defaultValue = "50000", description = "Series length of the acceptance benchmark (default: ${DEFAULT-VALUE}).")
    int acceptanceSteps;
    @Option(names = "--scenario-rows", defaultValue = "1000000", description = "Rows of the scenario benchmark (default: ${DEFAULT-VALUE}).")
    int scenarioRows;
    @Option(names = "--scenario-count", defaultValue = "100", description = "Scenarios of the scenario benchmark (default: ${DEFAULT-VALUE}).")
    int scenarioCount;

    @Option(names = "--e2e-scenarios", defaultValue = "20", description = "Scenarios of the scenario-e2e benchmark (default: ${DEFAULT-VALUE}).")
    int e2eScenarios;

    @Option(names = "--intake-rows", defaultValue = "1000000",
            description = "Rows of the intake benchmark's synthetic file (default: ${DEFAULT-VALUE}).")
    long intakeRows;
    @Option(names = "--inference-rows", defaultValue = "1000000",
            description = "Rows of the inference benchmark's synthetic file (default: ${DEFAULT-VALUE}).")
    long inferenceRows;
    @Option(names = "--quality-data", split = ",", paramLabel = "FILE:LABEL", description = "tabular-quality: labelled tables"
            + " to cross-validate on, each as FILE:LABEL_COLUMN (default: only the synthetic table).")
    List<String> qualityData;
    @Option(names = "--tabular-rows", defaultValue = "1000000", description = "Rows of the tabular-speed table (default: ${DEFAULT-VALUE}).")
    int tabularRows;
    @Option(names = "--tabular-train-rows", paramLabel = "N", description = "tabular-speed: train each learner on the first N rows"
            + " and score all --tabular-rows (default: train on all of them).")
    Integer tabularTrainRows;
    @Option(names = "--tabular-learners", split = ",", defaultValue = "logistic,forest,gbdt,stacking",
            description = "Learners of the tabular-speed benchmark (default: ${DEFAULT-VALUE}).")
    List<String> tabularLearners;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the benchmarks' synthetic inputs are written and"
            + " reused (default: a temporary folder, deleted afterwards).")
    Path dataDir;

    @Override
    public Integer call() {
        for (var size : java.util.Map.of("--acceptance-steps", (long) acceptanceSteps, "--scenario-rows", (long) scenarioRows,
                "--scenario-count", (long) scenarioCount, "--e2e-scenarios", (long) e2eScenarios, "--intake-rows", (long) intakeRows, "--inference-rows", (long) inferenceRows)
                .entrySet()) {
            if (size.getValue() < 1) {
                throw new org.riskbench.core.InputException(size.getKey() + " must be at least 1, got " + size.getValue());
            }
        }
        Limits.atMost("--acceptance-steps", acceptanceSteps, Limits.MAX_BENCH_STEPS);
        Limits.atMost("--scenario-rows x 8 features", scenarioRows * 8L, Limits.MAX_SYNTH_CELLS);
        Limits.atMost("--scenario-count", scenarioCount, Limits.MAX_SCENARIOS);
        Limits.atMost("--e2e-scenarios", e2eScenarios, Limits.MAX_SCENARIOS);
        Limits.atMost("--intake-rows", intakeRows, Limits.MAX_SYNTH_ROWS);
        Limits.atMost("--inference-rows", inferenceRows, Limits.MAX_SYNTH_ROWS);
        for (int t : threads) {
            Limits.threads(t, "--threads");
        }
        Path dir = dataDir;
        boolean temporary = dir == null;
        try {
            dir = temporary ? Files.createTempDirectory("riskbench-bench") : Files.createDirectories(dataDir);
            return measure(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the benchmark data folder: " + e.getMessage(), e);
        } finally {
            if (temporary && dir != null) {
                Folders.deleteTree(dir); // a temporary folder: the system cleans what stays
            }
        }
    }

    private Integer measure(Path dir) {
        PrintWriter out = spec.commandLine().getOut();
        for (String engine : engines) {
            switch (engine) {
                case "scenario" -> {
                    for (int t : threads) {
                        out.println("scenario: " + ScenarioBenchmark.run(scenarioRows, 8, scenarioCount, t));
                        out.flush();
                    }
                }
                case "scenario-e2e" -> {
                    out.println(ScenarioEndToEndBenchmark.run(dir, scenarioRows, e2eScenarios, 3));
                    out.flush();
                }
                case "acceptance" -> {
                    var r = AcceptanceBenchmark.run(acceptanceSteps, 20);
                    out.printf(java.util.Locale.ROOT, "acceptance: %d-step series, default profile, 1 thread: %.2f million steps/s"
                            + " (median of %d replays, %.2f ms each)%n", r.steps(), r.stepsPerSecond() / 1e6, r.repetitions(),
                            r.medianSeconds() * 1e3);
                    out.flush();
                }
                case "calibration" -> {
                    for (int t : threads) {
                        var r = CalibrationBenchmark.run(1000, 5000, t);
                        out.printf(java.util.Locale.ROOT, "calibration: %d-point grid on a %d-step series, %d thread(s): %.1f points/s"
                                + " (%.2f s)%n", r.points(), r.steps(), r.threads(), r.pointsPerSecond(), r.seconds());
                        out.flush();
                    }
                }
                case "intake" -> {
                    Path file = InferenceBenchmark.input(dir, intakeRows);
                    IntakeBenchmark.run(file); // warm-up
                    double[] mbs = new double[3];
                    for (int i = 0; i < mbs.length; i++) {
                        mbs[i] = IntakeBenchmark.run(file);
                    }
                    java.util.Arrays.sort(mbs);
                    out.printf(java.util.Locale.ROOT, "intake: validate + type inference of %,d rows (%.1f MB), 1 thread: %.1f MB/s"
                            + " (median of 3; best %.1f)%n", intakeRows, size(file), mbs[1], mbs[2]);
                    out.flush();
                }
                case "inference" -> {
                    Path file = InferenceBenchmark.input(dir, inferenceRows);
                    // untimed warm-up on a smaller file at each thread count; one was not enough: the JIT still spent
                    // seconds of CPU compiling the store and JSON writers during the first timed run
                    long warm = Math.min(200_000, inferenceRows);
                    for (int t : threads) {
                        for (int k = 0; k < 2; k++) {
                            InferenceBenchmark.run(InferenceBenchmark.input(dir, warm), warm, t);
                        }
                    }
                    for (int t : threads) {
                        List<InferenceBenchmark.Result> runs = new java.util.ArrayList<>();
                        for (int k = 0; k < 3; k++) {
                            runs.add(InferenceBenchmark.run(file, inferenceRows, t));
                        }
                        runs.sort(java.util.Comparator.comparingDouble(InferenceBenchmark.Result::seconds));
                        var r = runs.get(1);
                        out.printf(java.util.Locale.ROOT, "inference: %,d rows (%.1f MB) end to end, %d thread(s): %,.0f rows/s"
                                + " (median of 3, best %,.0f; %.2f s wall, %.2f s CPU, sampled heap peak %.0f MB, garbage included);"
                                + " stages ms %s%n",
                                r.rows(), r.inputMb(), r.threads(), r.rowsPerSecond(), runs.get(0).rowsPerSecond(), r.seconds(),
                                r.cpuSeconds(), r.peakHeapMb(), r.timingsMs());
                        out.flush();
                    }
                }
                case "tabular-quality" -> {
                    for (String spec : qualityData == null ? List.<String>of() : qualityData) {
                        int colon = spec.lastIndexOf(':');
                        if (colon < 1) {
                            throw new org.riskbench.core.InputException("--quality-data: '" + spec + "' is not FILE:LABEL");
                        }
                        Path file = Path.of(spec.substring(0, colon));
                        TabularData d = TabularData.read(file, org.riskbench.core.Progress.NONE);
                        TabularBenchmark.quality(file.getFileName().toString(), d.frame(), d.info(), spec.substring(colon + 1), 42, out);
                    }
                    out.printf(java.util.Locale.ROOT, "quality synthetic: 20,000 rows, Bayes-optimal ROC AUC %.4f%n", TabularBenchmark.syntheticBayesAuc());
                    TabularBenchmark.quality("synthetic", TabularBenchmark.synthetic(20_000, 42), java.util.Map.of(), "y", 42, out);
                }
                case "tabular-speed" -> {
                    Limits.atMost("--tabular-rows", tabularRows, Limits.MAX_SYNTH_ROWS);
                    int trainRows = tabularTrainRows == null ? tabularRows : tabularTrainRows;
                    if (trainRows < 1 || trainRows > tabularRows) {
                        throw new org.riskbench.core.InputException("--tabular-train-rows must be 1.." + tabularRows + " (--tabular-rows), got " + trainRows);
                    }
                    try {
                        TabularBenchmark.speed(tabularRows, trainRows, 42, tabularLearners.stream().map(Learner::parse).toList(), dir, out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                default -> throw new org.riskbench.core.InputException("--engine: unknown engine '" + engine + "'");
            }
        }
        return Cli.EXIT_OK;
    }

    private static double size(Path file) {
        try {
            return Files.size(file) / 1048576.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
