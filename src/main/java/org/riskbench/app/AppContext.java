package org.riskbench.app;

import java.nio.file.Path;
import java.util.List;
import org.riskbench.jobs.JobService;
import org.riskbench.store.AnalysisRepository;
import org.riskbench.store.Database;
import org.riskbench.store.DriftWatchRepository;
import org.riskbench.store.JobRepository;
import org.riskbench.store.ModelRepository;
import org.riskbench.store.PredictionRepository;
import org.riskbench.store.RetrainingRepository;
import org.riskbench.store.RunRepository;
import org.riskbench.store.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring of one opened workspace: its store, the job service with every job kind registered, and
 * the services the CLI and the GUI call. Both front ends build exactly this, so they behave the same.
 */
public final class AppContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppContext.class);

    private final Workspace workspace;
    private final Database database;
    private final JobService jobs;
    private final RunRepository runs;
    private final Tracker tracker;
    private final RunsService tracking;
    private final ScenarioService scenarios;
    private final ReplayService replays;
    private final SamplesService samples;
    private final CalibrationService calibrations;
    private final SparkInference sparkInference;
    private final InboxService inbox;
    private final ProjectService projects;
    private final ModelService models;
    private final TabularService tabular;
    private final RetrainingService retraining;
    private final ScoringStage scoring;
    private final WorkspaceDoctor doctor;
    /** What opening the workspace repaired, for {@code riskbench doctor}. */
    private List<String> interruptedAtOpen = List.of();
    private WorkspaceDoctor.Leftovers leftoversAtOpen = new WorkspaceDoctor.Leftovers(List.of(), 0, List.of());
    private final Monitoring monitoring;

    private AppContext(Workspace workspace, Database database, int workers) {
        this.workspace = workspace;
        this.database = database;
        this.runs = new RunRepository(database);
        this.tracker = new Tracker(runs);
        this.tracking = new RunsService(runs, workspace.root());
        this.jobs = new JobService(workspace, new JobRepository(database), workers);
        // The composition root: every service built once, here, in dependency order, and given what it uses through
        // its constructor (no service sees this context). Every job kind registers with the job service through its
        // service's constructor.
        this.scenarios = new ScenarioService(jobs, tracker, workspace.root());
        this.replays = new ReplayService(jobs, tracker, new DriftWatchRepository(database));
        this.calibrations = new CalibrationService(jobs, tracker, workspace.root(), replays);
        this.projects = new ProjectService(jobs, tracker, workspace, runs);
        ModelRepository modelRegistry = new ModelRepository(database);
        this.models = new ModelService(workspace, modelRegistry, new PredictionRepository(database));
        this.sparkInference = new SparkInference(jobs, tracker, workspace.root(), models);
        // Scoring runs on every analysis after the built-in check; the active model (a default one trained on
        // the synthetic sample when the workspace has none) is loaded on first use, not at start.
        this.scoring = new ScoringStage(models);
        InboxFolders inboxFolders = new InboxFolders(workspace, new AnalysisRepository(database));
        InboxStageRunner inboxStages = new InboxStageRunner(inboxFolders);
        this.inbox = new InboxService(inboxFolders, inboxStages,
                new InboxDrainJob(jobs, tracker, scoring, inboxFolders, inboxStages), models, scoring);
        inbox.addStage(scoring);
        this.samples = new SamplesService(workspace.root(), replays, calibrations, scenarios, inbox);
        this.retraining = new RetrainingService(jobs, tracker, inbox, workspace, models,
                new RetrainingRepository(database), modelRegistry);
        this.tabular = new TabularService(workspace, jobs, tracker, modelRegistry);
        this.doctor = new WorkspaceDoctor(workspace, database, jobs, runs, inbox);
        this.monitoring = new Monitoring(tracker, replays, inbox, models, database, new JobRepository(database),
                new PredictionRepository(database), new RetrainingRepository(database));
    }

    /** Opens (creating on first use) a workspace folder and recovers jobs left by dead processes. */
    public static AppContext open(Path workspaceFolder, int workers) {
        Workspace workspace = Workspace.open(workspaceFolder);
        Database database = Database.open(workspace);
        AppContext context = new AppContext(workspace, database, workers);
        List<String> recovered = context.jobs.recoverInterrupted();
        if (!recovered.isEmpty()) {
            LOG.warn("{} job(s) left by an ended process were marked failed (interrupted): {}", recovered.size(), recovered);
            context.retraining.recoverInterrupted(recovered);
            // their tracked runs end with them, or the run history would show them running for ever
            context.runs().failRunsOfJobs(recovered, "interrupted: the process that ran it ended before it finished");
        }
        context.interruptedAtOpen = List.copyOf(recovered);
        try {
            context.leftoversAtOpen = context.doctor.removeLeftovers(java.time.Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("workspace {}: leftovers of ended runs not removed: {}", workspace.root(), e.getMessage());
        }
        return context;
    }

    /** The inbox's scoring stage (guardrails file, worker threads). */
    public ScoringStage scoring() {
        return scoring;
    }

    /**
     * The workspace folder a front end opens: {@code explicit} if given, else {@code $RISKBENCH_HOME}, else
     * {@code ~/.riskbench}.
     */
    public static Path resolveFolder(Path explicit, java.util.Map<String, String> env) {
        return Workspace.resolve(explicit, env);
    }

    public static int defaultWorkers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public Workspace workspace() {
        return workspace;
    }

    /** The workspace folder (for front ends, which do not see the store's types). */
    public Path root() {
        return workspace.root();
    }

    public JobService jobs() {
        return jobs;
    }

    /** The run index itself (store type: for the app layer and tests; front ends use {@link #tracking()}). */
    public RunRepository runs() {
        return runs;
    }

    /** The history of tracked runs: list by query, show, compare, artifacts, MLflow export. */
    public RunsService tracking() {
        return tracking;
    }

    public ScenarioService scenarios() {
        return scenarios;
    }

    public ReplayService replays() {
        return replays;
    }

    public CalibrationService calibrations() {
        return calibrations;
    }

    /** Batch inference on Spark (docs/scale-out.md). */
    public SparkInference sparkInference() {
        return sparkInference;
    }

    public SamplesService samples() {
        return samples;
    }

    public InboxService inbox() {
        return inbox;
    }

    /** Projects from templates and their tracked pipeline steps. */
    public ProjectService projects() {
        return projects;
    }

    /** Models, the scoring model in use, predictions and feedback. */
    /** General models on any labelled table. */
    public TabularService tabular() {
        return tabular;
    }

    public ModelService models() {
        return models;
    }

    /** Retraining from feedback: runs, requests, daily and decay triggers, activation and rollback. */
    public RetrainingService retraining() {
        return retraining;
    }

    /** Checks and repairs the workspace ({@code riskbench doctor}), reporting also what opening it repaired. */
    public WorkspaceDoctor.Report examine() {
        return doctor.examine(interruptedAtOpen, leftoversAtOpen);
    }

    /** The workspace as monitoring sees it (metrics, per-profile acceptance state, readiness). */
    public Monitoring monitoring() {
        return monitoring;
    }

    public Tracker tracker() {
        return tracker;
    }

    @Override
    public void close() {
        jobs.close();
        inbox.close();
        database.close();
    }
}
