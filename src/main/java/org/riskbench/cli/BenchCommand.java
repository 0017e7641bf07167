package org.riskbench.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.riskbench.engine.acceptance.AcceptanceBenchmark;
import org.riskbench.engine.calibration.CalibrationBenchmark;
import org.riskbench.engine.scenario.ScenarioBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code riskbench bench}: the engines' throughput on this machine (the figures quoted in the README). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure engine throughput on this machine.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--engine", split = ",", defaultValue = "acceptance,calibration,scenario",
            description = "Engines to measure: acceptance, calibration, scenario (default: ${DEFAULT-VALUE}).")
    List<String> engines;
    @Option(names = "--threads", split = ",", defaultValue = "1,2", description = "Thread counts (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;
    @Option(names = "--acceptance-steps", defaultValue = "50000", description = "Series length of the acceptance benchmark (default: ${DEFAULT-VALUE}).")
    int acceptanceSteps;
    @Option(names = "--scenario-rows", defaultValue = "1000000", description = "Rows of the scenario benchmark (default: ${DEFAULT-VALUE}).")
    int scenarioRows;
    @Option(names = "--scenario-count", defaultValue = "100", description = "Scenarios of the scenario benchmark (default: ${DEFAULT-VALUE}).")
    int scenarioCount;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (String engine : engines) {
            switch (engine) {
                case "scenario" -> {
                    for (int t : threads) {
                        out.println("scenario: " + ScenarioBenchmark.run(scenarioRows, 8, scenarioCount, t));
                        out.flush();
                    }
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
                default -> throw new org.riskbench.core.InputException("--engine: unknown engine '" + engine + "'");
            }
        }
        return Cli.EXIT_OK;
    }
}
