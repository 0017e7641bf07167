package org.riskbench.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.stream.Stream;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.core.model.RunRecord;
import org.riskbench.engine.pipeline.Pipeline;
import org.riskbench.engine.pipeline.ProjectConfig;
import org.riskbench.engine.pipeline.RunFolder;
import org.riskbench.engine.pipeline.StepResult;

/**
 * Projects made from templates and their tracked pipeline steps (tracking.md). Templates come from
 * {@code projects-templates/} beside the program (or the working directory), else from the class path, where
 * each template's {@code template.json} lists its files. A project is registered by a {@code project-create} run
 * with its name as project; every step is a {@code pipeline-step} run with the project's name.
 */
public final class ProjectService {
    public static final String KIND_STEP = "pipeline-step";
    public static final String KIND_CREATE = "project-create";
    public static final List<String> TEMPLATES = List.of("tabular-classification", "risk-scenarios", "acceptance-calibration");

    private final AppContext app;

    ProjectService(AppContext app) {
        this.app = app;
    }

    /** A registered project. */
    public record ProjectInfo(String name, Path dir, String template) {
    }

    /** The outcome of a step call: the run it was recorded in, whether that run is still open, the result. */
    public record StepOutcome(String runId, boolean runOpen, StepResult result) {
    }

    /** Copies a template into {@code dir} (default workspace {@code projects/NAME}) and registers the project. */
    public ProjectInfo create(String template, String name, Path dir) {
        if (!TEMPLATES.contains(template)) {
            throw new InputException("unknown template '" + template + "'; templates: " + String.join(", ", TEMPLATES) + ".");
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new InputException("project name '" + name + "' must be letters, digits, '.', '_' or '-'.");
        }
        Path target = (dir != null ? dir : app.workspace().projectsDir().resolve(name)).toAbsolutePath().normalize();
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
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("template", template);
        params.put("dir", target.toString());
        app.tracker().startInProject(runId, KIND_CREATE, name, "create " + name + " from " + template, params, target);
        app.tracker().finish(runId, "succeeded", Map.of(), List.of(), null);
        return new ProjectInfo(config.name(), target, template);
    }

    /** Projects registered in this workspace, plus project folders found under workspace {@code projects/}. */
    public List<ProjectInfo> list() {
        Map<String, ProjectInfo> out = new TreeMap<>();
        for (RunRecord r : app.runs().list(KIND_CREATE, null, 10_000)) {
            if (r.outputDir() != null && Files.isRegularFile(Path.of(r.outputDir()).resolve(ProjectConfig.FILE))) {
                JsonNode p = Json.MAPPER.valueToTree(parse(r.paramsJson()));
                out.putIfAbsent(r.project(), new ProjectInfo(r.project(), Path.of(r.outputDir()), p.path("template").asText("")));
            }
        }
        try (Stream<Path> dirs = Files.list(app.workspace().projectsDir())) {
            dirs.filter(d -> Files.isRegularFile(d.resolve(ProjectConfig.FILE))).forEach(d -> {
                String name = ProjectConfig.load(d).name();
                out.putIfAbsent(name, new ProjectInfo(name, d, ""));
            });
        } catch (IOException e) {
            // no projects folder yet
        }
        return new ArrayList<>(out.values());
    }

    /**
     * Runs one step of the project in {@code dir}, tracked: with {@code startRun} a new run opens first; the step
     * joins the open run, or makes a one-step run when none is open; {@code endRun} closes the run after the step.
     * {@code step} may be null to only start or end a run. A step that throws fails its run (the log is kept) and
     * the exception goes on to the caller.
     */
    public StepOutcome step(Path dir, String step, boolean startRun, boolean endRun, Path batch, Progress progress) {
        Path project = dir.toAbsolutePath().normalize();
        ProjectConfig config = ProjectConfig.load(project);
        if (step != null && !Pipeline.STEPS.contains(step)) {
            throw new InputException("unknown step '" + step + "'; steps: " + String.join(", ", Pipeline.STEPS) + ".");
        }
        Optional<String> open = RunFolder.openRun(project);
        if (startRun && open.isPresent()) {
            throw new InputException(project + ": run " + open.get() + " is still open; end it with --end-run first.");
        }
        if (step == null && !startRun && !endRun) {
            throw new InputException("give --step NAME, --start-run or --end-run.");
        }
        String runId;
        boolean oneStep = false;
        if (startRun || open.isEmpty()) {
            if (!startRun && step == null) {
                throw new InputException(project + ": no open run to end.");
            }
            runId = newRunId();
            oneStep = !startRun;
            RunFolder.open(config, runId);
            app.tracker().startInProject(runId, KIND_STEP, config.name(), oneStep ? step : "run of " + config.name(),
                    config.parameters(), project);
        } else {
            runId = open.get();
        }
        StepResult result = null;
        if (step != null) {
            try {
                result = Pipeline.run(step, config, new Pipeline.Options(batch), progress == null ? Progress.NONE : progress);
            } catch (RuntimeException e) {
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                Map<String, Object> metrics = RunFolder.record(project, runId, step, "failed", null, msg);
                RunFolder.close(project, runId, "failed", step + ": " + msg);
                app.tracker().finish(runId, "failed", metrics, artifacts(project, runId), step + ": " + msg);
                throw e;
            }
            Map<String, Object> metrics = RunFolder.record(project, runId, step, "succeeded", result, null);
            app.tracker().update(runId, metrics, artifacts(project, runId));
        }
        boolean close = endRun || oneStep;
        if (close) {
            RunFolder.close(project, runId, "succeeded", null);
            app.tracker().finish(runId, "succeeded", null, artifacts(project, runId), null);
        }
        return new StepOutcome(runId, !close, result);
    }

    /** The run's artifacts plus its own folder's files (run.json, log.txt), paths relative to the project. */
    private static List<Map<String, Object>> artifacts(Path project, String runId) {
        List<Map<String, Object>> out = new ArrayList<>(RunFolder.artifacts(project, runId));
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

    private static Map<String, Object> parse(String json) {
        try {
            return Json.MAPPER.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            return Map.of();
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
