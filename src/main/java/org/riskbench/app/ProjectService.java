package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.riskbench.store.RunRepository;
import org.riskbench.store.Workspace;
import org.riskbench.jobs.JobService;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.riskbench.core.CancelledException;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.core.model.RunRecord;
import org.riskbench.engine.pipeline.Pipeline;
import org.riskbench.engine.pipeline.ProjectConfig;
import org.riskbench.engine.pipeline.RunFolder;
import org.riskbench.engine.pipeline.StepOutputException;
import org.riskbench.engine.pipeline.StepResult;
import org.riskbench.jobs.JobContext;
import org.riskbench.jobs.JobHandle;
import org.riskbench.jobs.JobRequest;
import org.riskbench.jobs.JobTask;

/**
 * Projects made from templates and their tracked pipeline steps (docs/spec/tracking.md). Templates come from
 * {@code projects-templates/} beside the program (or the working directory), else from the class path, where
 * each template's {@code template.json} lists its files. A project is registered by a {@code project-create} run
 * with its name as project; every step is a {@code pipeline-step} run with the project's name.
 */
public final class ProjectService {
    public static final String KIND_STEP = "pipeline-step";
    public static final String KIND_CREATE = "project-create";
    public static final List<String> TEMPLATES = List.of("tabular-classification", "risk-scenarios", "acceptance-calibration");

    private final JobService jobs;
    private final Tracker tracker;
    private final Workspace workspace;
    private final RunRepository runs;

    ProjectService(JobService jobs, Tracker tracker, Workspace workspace, RunRepository runs) {
        this.jobs = jobs;
        this.tracker = tracker;
        this.workspace = workspace;
        this.runs = runs;
        jobs.register(KIND_STEP, this::taskFromParams, "the rows of the project's sources");
    }

    /** A registered project. */
    public record ProjectInfo(String name, Path dir, String template) {
    }

    /** The outcome of a step call: the run it was recorded in, whether that run is still open, the result. */
    public record StepOutcome(String runId, boolean runOpen, StepResult result) {
    }

    /**
     * Copies a template into {@code dir} (default workspace {@code projects/NAME}) and registers the project. A name
     * already registered (or a project folder under the workspace) is refused, with nothing created.
     */
    public ProjectInfo create(String template, String name, Path dir) {
        if (!TEMPLATES.contains(template)) {
            throw new InputException("unknown template '" + template + "'; templates: " + String.join(", ", TEMPLATES) + ".");
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new InputException("project name '" + name + "' must be letters, digits, '.', '_' or '-'.");
        }
        Path target = (dir != null ? dir : workspace.projectsDir().resolve(name)).toAbsolutePath().normalize();
        // Runs are filed by project name: a second 'demo' would hide the first from the list and mix their runs.
        for (ProjectInfo existing : list()) {
            if (existing.name().equals(name)) {
                throw new InputException("project '" + name + "' already exists at " + existing.dir()
                        + "; choose another name.");
            }
        }
        try {
            if (Files.exists(target) && (!Files.isDirectory(target) || Files.list(target).findAny().isPresent())) {
                throw new InputException(target + ": already exists and is not empty; choose another --dir or name.");
            }
            for (String file : templateFiles(template)) {
                Path out = target.resolve(file);
                Files.createDirectories(out.getParent());
                try (InputStream in = open(template, file)) {
                    Files.copy(in, out);
                }
            }
            for (String folder : List.of("data/raw", "data/interim", "data/prepared", "models", "runs")) {
                Files.createDirectories(target.resolve(folder));
            }
            Path yaml = target.resolve(ProjectConfig.FILE);
            String text = Files.readString(yaml);
            Files.writeString(yaml, text.replaceFirst("(?m)^name: .*$", "name: " + name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the project in " + target, e);
        }
        ProjectConfig config = ProjectConfig.load(target);
        String runId = newRunId();
        tracker.startInProject(runId, KIND_CREATE, name, "create " + name + " from " + template, null,
                JobParams.asMap(new CreateParams(template, target.toString())), target);
        tracker.finish(runId, "succeeded", Map.of(), List.of(), null);
        return new ProjectInfo(config.name(), target, template);
    }

    /** Projects registered in this workspace, plus project folders found under workspace {@code projects/}. */
    public List<ProjectInfo> list() {
        Map<String, ProjectInfo> out = new TreeMap<>();
        for (RunRecord r : runs.list(KIND_CREATE, null, 10_000)) {
            if (r.outputDir() != null && Files.isRegularFile(Path.of(r.outputDir()).resolve(ProjectConfig.FILE))) {
                CreateParams p = parse(r.paramsJson(), CreateParams.class);
                String template = p == null || p.template() == null ? "" : p.template();
                out.putIfAbsent(r.project(), new ProjectInfo(r.project(), Path.of(r.outputDir()), template));
            }
        }
        try (Stream<Path> dirs = Files.list(workspace.projectsDir())) {
            dirs.filter(d -> Files.isRegularFile(d.resolve(ProjectConfig.FILE))).forEach(d -> {
                String name = nameOf(d);
                out.putIfAbsent(name, new ProjectInfo(name, d, ""));
            });
        } catch (IOException e) {
            // no projects folder yet
        }
        return new ArrayList<>(out.values());
    }

    /** The project's name from its project.yaml, or the folder's name when that file is refused (listed all the same). */
    private static String nameOf(Path dir) {
        try {
            return ProjectConfig.load(dir).name();
        } catch (InputException e) {
            return dir.getFileName().toString();
        }
    }

    /**
     * One step call: the project folder, the step (null to only start or end a run), whether to open a run first
     * and close it after, monitor's or update's batch (null: from project.yaml), and the job id (null: generated).
     */
    public record StepRequest(Path project, String step, boolean startRun, boolean endRun, Path batch, String jobId) {
    }

    /**
     * A queued step: its job, and (in this process) the step's outcome or the exception that failed it, so a
     * front end can tell a step refused by its input from one that broke.
     */
    public record StepJob(JobHandle handle, CompletableFuture<StepOutcome> outcome) {
        public String id() {
            return handle.id();
        }
    }

    /**
     * Validates a step call (a project folder, a known step, no open run to start over, a run to end) and queues it
     * as a {@code pipeline-step} job whose output folder is the project. Bad input is refused here, not turned into
     * a failed job. The job runs {@link #step} with its context as progress and cancel.
     */
    public StepJob submitStep(StepRequest request) {
        jobs.requireNewId(request.jobId());
        Path project = request.project().toAbsolutePath().normalize();
        ProjectConfig config = ProjectConfig.load(project);
        validate(project, request.step(), request.startRun(), request.endRun());
        Path batch = request.batch() == null ? null : request.batch().toAbsolutePath().normalize();
        if (batch != null && !Files.isRegularFile(batch)) {
            throw new InputException(batch + ": batch file not found.");
        }
        for (JobRecord job : jobs.list(EnumSet.of(JobStatus.PENDING, JobStatus.RUNNING), KIND_STEP, 1000)) {
            StepJobParams running = parse(job.paramsJson(), StepJobParams.class);
            if (running != null && project.toString().equals(running.project())) {
                throw new InputException("job " + job.id() + " is already " + job.status().dbName() + " a step of project "
                        + config.name() + "; wait for it or cancel it first.");
            }
        }
        Map<String, Object> params = JobParams.asMap(new StepJobParams(project.toString(), config.name(), request.step(),
                request.startRun(), request.endRun(), batch == null ? null : batch.toString()));
        CompletableFuture<StepOutcome> outcome = new CompletableFuture<>();
        JobRequest job = new JobRequest(request.jobId(), KIND_STEP, params, project, null);
        JobHandle handle = jobs.submit(job, context -> {
            try {
                StepOutcome o = runStepJob(context, project, request.step(), request.startRun(), request.endRun(), batch);
                outcome.complete(o);
                return resultOf(o);
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
                throw e;
            }
        });
        return new StepJob(handle, outcome);
    }

    /** A retried step job runs the same call again from its stored parameters (into whatever run is open then). */
    private JobTask taskFromParams(JsonNode json) {
        StepJobParams params = JobParams.read(json, StepJobParams.class, "a pipeline step");
        return context -> resultOf(runStepJob(context, Path.of(params.project()), params.step(), params.startRun(),
                params.endRun(), params.batch() == null ? null : Path.of(params.batch())));
    }

    /**
     * A {@code pipeline-step} job's parameters, as its params JSON has them: the project folder and name, the step (null
     * to only start or end a run), whether the call starts or ends the run, the batch file (or null).
     */
    @JsonPropertyOrder({"project", "project_name", "step", "start_run", "end_run", "batch"})
    record StepJobParams(
            @JsonProperty("project") String project,
            @JsonProperty("project_name") String projectName,
            @JsonProperty("step") String step,
            @JsonProperty("start_run") boolean startRun,
            @JsonProperty("end_run") boolean endRun,
            @JsonProperty("batch") String batch) {
    }

    /** A {@code project-create} run's parameters: the template and the project folder. */
    @JsonPropertyOrder({"template", "dir"})
    record CreateParams(@JsonProperty("template") String template, @JsonProperty("dir") String dir) {
    }

    private StepOutcome runStepJob(JobContext context, Path project, String step, boolean startRun, boolean endRun, Path batch) {
        String what = step == null ? (startRun ? "start a run" : "end the run") : step;
        context.report(0, what + " of " + project.getFileName());
        context.checkCancelled();
        StepOutcome o = step(project, step, startRun, endRun, batch, context, context.jobId());
        if (o.result() != null) {
            o.result().warnings.forEach(w -> context.log("warning: " + w));
            o.result().log.forEach(context::log);
            o.result().triggers.forEach(t -> context.log("monitor trigger: " + t));
        }
        context.log("run " + o.runId() + (o.runOpen() ? " (open)" : " (closed)"));
        context.report(1, what + " done");
        return o;
    }

    /** The job's result: the run, whether it is open, the step's metrics, log and monitor triggers. */
    private static ProjectStepJobResult resultOf(StepOutcome o) {
        return ProjectStepJobResult.of(o.runId(), o.runOpen(), o.result());
    }

    private static void validate(Path project, String step, boolean startRun, boolean endRun) {
        if (step != null && !Pipeline.STEPS.contains(step)) {
            throw new InputException("unknown step '" + step + "'; steps: " + String.join(", ", Pipeline.STEPS) + ".");
        }
        if (step == null && !startRun && !endRun) {
            throw new InputException("give --step NAME, --start-run or --end-run.");
        }
        Optional<String> open = RunFolder.openRun(project);
        if (startRun && open.isPresent()) {
            throw new InputException(project + ": run " + open.get() + " is still open; end it with --end-run first.");
        }
        if (!startRun && step == null && open.isEmpty()) {
            throw new InputException(project + ": no open run to end.");
        }
    }

    /**
     * Runs one step of the project in {@code dir}, tracked, in the calling thread (jobs call this; front ends use
     * {@link #submitStep}): with {@code startRun} a new run opens first; the step joins the open run, or makes a
     * one-step run when none is open; {@code endRun} closes the run after the step. {@code step} may be null to
     * only start or end a run. A step that throws fails its run (the log is kept; a cancelled step cancels it) and
     * the exception goes on to the caller.
     */
    StepOutcome step(Path dir, String step, boolean startRun, boolean endRun, Path batch, Progress progress, String jobId) {
        Path project = dir.toAbsolutePath().normalize();
        ProjectConfig config = ProjectConfig.load(project);
        validate(project, step, startRun, endRun);
        Optional<String> open = RunFolder.openRun(project);
        String runId;
        boolean oneStep = false;
        if (startRun || open.isEmpty()) {
            runId = newRunId();
            oneStep = !startRun;
            RunFolder.open(config, runId);
            tracker.startInProject(runId, KIND_STEP, config.name(), oneStep ? step : "run of " + config.name(),
                    jobId, config.parameters(), project);
        } else {
            runId = open.get();
        }
        StepResult result = null;
        if (step != null) {
            try {
                result = Pipeline.run(step, config, new Pipeline.Options(batch), progress == null ? Progress.NONE : progress);
            } catch (RuntimeException e) {
                String status = e instanceof CancelledException ? "cancelled" : "failed";
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                // an external command's output up to the failure stays in the run's log
                StepResult partial = null;
                if (e instanceof StepOutputException failed) {
                    partial = new StepResult();
                    partial.log.addAll(failed.partial().log);
                    partial.warnings.addAll(failed.partial().warnings);
                }
                Map<String, Object> metrics = RunFolder.record(project, runId, step, status, partial, msg);
                RunFolder.close(project, runId, status, step + ": " + msg);
                tracker.finish(runId, status, metrics, artifacts(project, runId), step + ": " + msg);
                throw e;
            }
            Map<String, Object> metrics = RunFolder.record(project, runId, step, "succeeded", result, null);
            tracker.update(runId, metrics, artifacts(project, runId));
        }
        boolean close = endRun || oneStep;
        if (close) {
            RunFolder.close(project, runId, "succeeded", null);
            tracker.finish(runId, "succeeded", null, artifacts(project, runId), null);
        }
        return new StepOutcome(runId, !close, result);
    }

    /** The latest tracked execution of a step: its status, when it ended, in which run, and its error if any. */
    public record StepState(String step, String status, Instant finishedAt, String runId, String error) {
        public static StepState never(String step) {
            return new StepState(step, null, null, null, null);
        }

        public boolean ran() {
            return status != null;
        }
    }

    /** A project's pipeline as its runs tell it: every step in pipeline order, the open run (or null), the run count. */
    public record ProjectState(ProjectInfo project, List<StepState> steps, String openRunId, int runs) {
    }

    /** Reads the project's run folders ({@code runs/<id>/run.json}) for the latest execution of every step. */
    public ProjectState state(ProjectInfo info) {
        Path project = info.dir().toAbsolutePath().normalize();
        Map<String, StepState> latest = new LinkedHashMap<>();
        int runs = 0;
        try (Stream<Path> dirs = Files.list(project.resolve("runs"))) {
            for (Path d : dirs.filter(d -> Files.isRegularFile(d.resolve("run.json"))).toList()) {
                org.riskbench.engine.pipeline.ProjectRun run;
                try {
                    run = RunFolder.read(project, d.getFileName().toString());
                } catch (InputException e) {
                    continue;    // a run folder being written or damaged: not a step's latest state
                }
                runs++;
                for (org.riskbench.engine.pipeline.ProjectRun.Step s : run.steps()) {
                    Instant at = instant(s.finishedAt());
                    String name = String.valueOf(s.step());
                    StepState before = latest.get(name);
                    if (at != null && (before == null || before.finishedAt().isBefore(at))) {
                        latest.put(name, new StepState(name, String.valueOf(s.status()), at, String.valueOf(run.id()), s.error()));
                    }
                }
            }
        } catch (IOException e) {
            // no runs folder: nothing ran yet
        }
        List<StepState> steps = new ArrayList<>();
        for (String step : Pipeline.STEPS) {
            steps.add(latest.getOrDefault(step, StepState.never(step)));
        }
        return new ProjectState(info, steps, RunFolder.openRun(project).orElse(null), runs);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The run's artifacts plus its own folder's files (run.json, log.txt), paths relative to the project, as the run store
     * keeps a tracked run's artifacts (JSON objects; the step's files also name their step).
     */
    private static List<Map<String, Object>> artifacts(Path project, String runId) {
        List<Map<String, Object>> out = new ArrayList<>();
        RunFolder.artifacts(project, runId).forEach(a -> out.add(Json.toMapInOrder(a)));
        for (Map<String, Object> own : Tracker.artifacts(RunFolder.dir(project, runId))) {
            Map<String, Object> a = new LinkedHashMap<>(own);
            a.put("path", "runs/" + runId + "/" + own.get("path"));
            out.add(a);
        }
        return out;
    }

    static String newRunId() {
        return LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Stored parameters read back; null when they cannot be read (a damaged row is nobody's parameters). */
    private static <T> T parse(String json, Class<T> type) {
        try {
            return json == null ? null : Json.MAPPER.readValue(json, type);
        } catch (IOException e) {
            return null;
        }
    }

    // --- templates: a folder beside the program or in the working directory, else the class path ---

    private static Path templatesFolder() {
        for (Path p : List.of(Path.of("projects-templates"), jarSibling())) {
            if (p != null && Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path jarSibling() {
        try {
            Path code = Path.of(ProjectService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent() == null ? null : code.getParent().resolve("projects-templates");
        } catch (Exception e) {
            return null;
        }
    }

    static List<String> templateFiles(String template) throws IOException {
        try (InputStream in = open(template, "template.json")) {
            List<String> files = new ArrayList<>();
            Json.MAPPER.readTree(in).path("files").forEach(f -> files.add(f.asText()));
            return files;
        }
    }

    private static InputStream open(String template, String file) throws IOException {
        Path folder = templatesFolder();
        if (folder != null && Files.isRegularFile(folder.resolve(template).resolve(file))) {
            return Files.newInputStream(folder.resolve(template).resolve(file));
        }
        InputStream in = ProjectService.class.getResourceAsStream("/projects-templates/" + template + "/" + file);
        if (in == null) {
            throw new InputException("template '" + template + "' has no file '" + file + "' (neither in projects-templates/ nor in the program).");
        }
        return in;
    }
}
