package org.riskbench.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.riskbench.core.AtomicFiles;
import org.riskbench.engine.scenario.ScenarioConfig;

/**
 * First run: copies the bundled sample inputs into the workspace ({@code samples/}) and runs one job of
 * each kind on them, so a new user sees every screen with real results.
 */
public final class SamplesService {
    /** Sample files bundled in the jar under {@code /sample-data/}. */
    static final List<String> FILES = List.of(
            "scenarios/blrm.yaml", "scenarios/diabetes.csv", "scenarios/README.md",
            "series/synthetic-regime.csv", "series/co2.csv", "series/co2.COPYRIGHT.txt", "series/README.md",
            "profiles/default.yaml", "profiles/profiles.yaml", "grids/basic.txt", "grids/basic.yaml",
            "transactions/transactions.csv");

    private final Path root;
    private final ReplayService replays;
    private final CalibrationService calibrations;
    private final ScenarioService scenarios;
    private final InboxService inbox;

    SamplesService(Path root, ReplayService replays, CalibrationService calibrations, ScenarioService scenarios, InboxService inbox) {
        this.root = root;
        this.replays = replays;
        this.calibrations = calibrations;
        this.scenarios = scenarios;
        this.inbox = inbox;
    }

    public Path samplesDir() {
        return root.resolve("samples");
    }

    /** Copies the sample inputs into the workspace (again, if they were edited) and returns the folder. */
    public Path extract() {
        Path dir = samplesDir();
        for (String name : FILES) {
            try (InputStream in = SamplesService.class.getResourceAsStream("/sample-data/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("sample file missing from the build: " + name);
                }
                byte[] bytes = in.readAllBytes();
                AtomicFiles.write(dir.resolve(name), out -> out.write(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy sample " + name, e);
            }
        }
        return dir;
    }

    /** Extracts the samples and queues a scenario run, two replays, a calibration and an inference; returns the job ids. */
    public List<String> runAll() {
        Path dir = extract();
        List<String> ids = new ArrayList<>();
        ScenarioConfig scenario = ScenarioConfig.load(dir.resolve("scenarios/blrm.yaml"));
        ids.add(scenarios.submit(scenario, null, 0).id());
        Path profiles = dir.resolve("profiles/profiles.yaml");
        for (String name : List.of("default", "strict")) {
            ids.add(replays.submit(new ReplayService.ReplayRequest(dir.resolve("series/synthetic-regime.csv"),
                    profiles, name, null, null, null)).id());
        }
        ids.add(calibrations.submit(new CalibrationService.CalibrationOptions(dir.resolve("series/synthetic-regime.csv"),
                dir.resolve("profiles/default.yaml"), null, "@" + dir.resolve("grids/basic.txt"), null, null, null, null, null,
                null, null, null, null)).id());
        // An inference result too: the transactions sample goes through the inbox (validate, enrich, score).
        inbox.submit(dir.resolve("transactions/transactions.csv"),
                org.riskbench.engine.intake.IntakeOptions.transactions(), org.riskbench.core.Progress.NONE);
        ids.add(inbox.process(null).id());
        return ids;
    }

}
