package org.riskbench.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.riskbench.app.AppContext;
import org.riskbench.app.CalibrationService;
import org.riskbench.app.ReplayService;
import org.riskbench.core.InputException;
import org.riskbench.engine.scenario.ScenarioConfig;
import org.riskbench.jobs.JobHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario runs, replays and calibrations: the documents the CLI takes (config; series and profile; series, profile and
 * grid), either uploaded as multipart parts or named by path in a JSON body (inside the workspace or an --allow-dir).
 * The app services validate them as for the CLI before a job exists; the answer is 202 with the job id.
 */
final class WorkApi {
    private static final Logger LOG = LoggerFactory.getLogger(WorkApi.class);
    private final AppContext app;
    private final Uploads uploads;
    private final AllowedPaths paths;

    WorkApi(AppContext app, Uploads uploads, AllowedPaths paths) {
        this.app = app;
        this.uploads = uploads;
        this.paths = paths;
    }

    void register(RoutesConfig routes) {
        routes.post(ApiServer.API + "/scenarios", ctx -> queue(ctx, this::scenario));
        routes.post(ApiServer.API + "/replays", ctx -> queue(ctx, this::replay));
        routes.post(ApiServer.API + "/calibrations", ctx -> queue(ctx, this::calibration));
    }

    record ScenarioBody(String config, String jobId, Integer threads) {
    }

    record ReplayBody(String series, String profile, String profileName, String jobId) {
    }

    record CalibrationBody(String series, String profile, String profileName, String grid, String objectiveWeights,
                           String hardConstraints, Integer topK, Long maxPoints, Integer threads, String jobId) {
    }

    /** A request's documents, as files on disk, wherever they came from. */
    private final class Documents {
        private final Context ctx;
        private final boolean multipart;
        private Path folder;

        Documents(Context ctx) {
            this.ctx = ctx;
            String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
            this.multipart = type.startsWith("multipart/form-data");
            if (!multipart && !type.startsWith("application/json")) {
                throw ApiException.badRequest("send the documents as multipart/form-data parts or name them in an"
                        + " application/json body, not '" + type + "'", "Content-Type");
            }
        }

        /** The uploaded part {@code name} (required or not), kept in this request's upload folder. */
        Path part(String name, boolean required) {
            UploadedFile part = ctx.uploadedFile(name);
            if (part == null) {
                if (required) {
                    throw ApiException.badRequest("the multipart body has no '" + name + "' part", name);
                }
                return null;
            }
            if (folder == null) {
                folder = uploads.newFolder();
            }
            return uploads.savePart(part, folder, Ids.fileName(part.filename(), name));
        }

        String field(String name) {
            String v = ctx.formParam(name);
            return v == null || v.isBlank() ? null : v;
        }

        void discard() {
            if (folder != null) {
                Uploads.delete(folder);
            }
        }
    }

    /** Reads a request's documents and submits its job: 202 with the job, or, when nothing was queued, no uploads kept. */
    private void queue(Context ctx, java.util.function.Function<Documents, JobHandle> submit) {
        Documents docs = new Documents(ctx);
        try {
            accepted(ctx, submit.apply(docs));
        } catch (RuntimeException e) {
            docs.discard();
            throw e;
        }
    }

    private JobHandle scenario(Documents docs) {
        Context ctx = docs.ctx;
        Path config;
        Path data = null;
        String jobId;
        Integer threads;
        if (docs.multipart) {
            config = docs.part("config", true);
            data = docs.part("data", false);
            jobId = docs.field("job_id");
            threads = integer(docs.field("threads"), "threads");
        } else {
            ScenarioBody body = StrictJson.read(ApiServer.smallBody(ctx), ScenarioBody.class);
            config = paths.existingFile(body.config(), "config");
            jobId = body.jobId();
            threads = body.threads();
        }
        checkJobId(jobId);
        ScenarioConfig loaded = attribute(() -> app.scenarios().load(config), Map.of(config, "config"));
        if (data == null && docs.multipart && loaded.inputPath() != null && loaded.inputPath().startsWith(config.getParent())) {
            // a relative input_path names a file beside the config on the client's disk, which did not come along;
            // the CLI would quietly use synthetic data for a missing file, which is not what an upload means
            throw ApiException.badRequest("the config's input_path '" + config.getParent().relativize(loaded.inputPath())
                    + "' is relative to the client's folder: upload the table as a 'data' part (it replaces input_path)"
                    + " or name a path inside the workspace", "data");
        }
        ScenarioConfig cfg = data == null ? loaded : loaded.withInputPath(data);
        if (cfg.inputPath() != null && Files.exists(cfg.inputPath()) && data == null) {
            paths.existingFile(cfg.inputPath().toString(), "config.input_path");
        }
        if (cfg.outputDir() != null) {
            paths.outputFolder(cfg.outputDir(), "config.output_dir");
        }
        int t = threads(threads);
        return attribute(() -> app.scenarios().submit(cfg, jobId, t, w -> LOG.warn("scenario: {}", w)),
                Map.of(config, "config"));
    }

    private JobHandle replay(Documents docs) {
        Context ctx = docs.ctx;
        Path series;
        Path profile;
        String profileName;
        String jobId;
        if (docs.multipart) {
            series = docs.part("series", true);
            profile = docs.part("profile", true);
            profileName = docs.field("profile_name");
            jobId = docs.field("job_id");
        } else {
            ReplayBody body = StrictJson.read(ApiServer.smallBody(ctx), ReplayBody.class);
            series = paths.existingFile(body.series(), "series");
            profile = paths.existingFile(body.profile(), "profile");
            profileName = body.profileName();
            jobId = body.jobId();
        }
        checkJobId(jobId);
        return attribute(() -> app.replays().submit(new ReplayService.ReplayRequest(series, profile, profileName, null,
                null, jobId)), Map.of(series, "series", profile, "profile"));
    }

    private JobHandle calibration(Documents docs) {
        Context ctx = docs.ctx;
        CalibrationBody b;
        Path series;
        Path profile;
        String grid;
        Map<Path, String> fields = new LinkedHashMap<>();
        if (docs.multipart) {
            series = docs.part("series", true);
            profile = docs.part("profile", true);
            Path gridFile = docs.part("grid", false);
            grid = gridFile != null ? "@" + gridFile : docs.field("grid");
            if (gridFile != null) {
                fields.put(gridFile, "grid");
            }
            b = new CalibrationBody(null, null, docs.field("profile_name"), null, docs.field("objective_weights"),
                    docs.field("hard_constraints"), integer(docs.field("top_k"), "top_k"),
                    longValue(docs.field("max_points"), "max_points"), integer(docs.field("threads"), "threads"),
                    docs.field("job_id"));
        } else {
            b = StrictJson.read(ApiServer.smallBody(ctx), CalibrationBody.class);
            series = paths.existingFile(b.series(), "series");
            profile = paths.existingFile(b.profile(), "profile");
            grid = b.grid();
            if (grid != null && grid.strip().startsWith("@")) {
                Path gridFile = paths.existingFile(grid.strip().substring(1), "grid");
                grid = "@" + gridFile;
                fields.put(gridFile, "grid");
            }
        }
        if (grid == null || grid.isBlank()) {
            throw ApiException.badRequest("a calibration needs a grid: assignments 'path=v1,v2;...' or a grid file", "grid");
        }
        checkJobId(b.jobId());
        threads(b.threads());
        fields.put(series, "series");
        fields.put(profile, "profile");
        String g = grid;
        return attribute(() -> app.calibrations().submit(new CalibrationService.CalibrationOptions(series, profile,
                b.profileName(), g, b.objectiveWeights(), b.hardConstraints(), b.topK(), b.maxPoints(), b.threads(), null,
                b.jobId(), null, null)), fields);
    }

    private static void checkJobId(String jobId) {
        if (jobId != null) {
            Ids.check(jobId, "job_id");
        }
    }

    private static Integer integer(String raw, String field) {
        Long v = longValue(raw, field);
        if (v != null && (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)) {
            throw ApiException.badRequest(field + " is out of range", field);
        }
        return v == null ? null : v.intValue();
    }

    private static Long longValue(String raw, String field) {
        if (raw == null) {
            return null;
        }
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field + " must be a whole number, got '" + raw + "'", field);
        }
    }

    /** A request's thread count: absent or 0 means all cores, else within the bounds every command has. */
    private static int threads(Integer threads) {
        if (threads == null || threads == 0) {
            return 0;
        }
        try {
            return org.riskbench.core.Limits.threads(threads, "threads");
        } catch (InputException e) {
            throw ApiException.badRequest(e.getMessage() + " (or 0 for all cores)", "threads");
        }
    }

    /**
     * Runs a service call; its refusal (bad input) becomes a 400 naming the document it is about: the field whose file
     * the message names, else the grid or the parameter it quotes.
     */
    private static <T> T attribute(java.util.function.Supplier<T> call, Map<Path, String> documents) {
        try {
            return call.get();
        } catch (InputException e) {
            String message = e.getMessage() == null ? "bad input" : e.getMessage();
            String field = null;
            for (Map.Entry<Path, String> d : documents.entrySet()) {
                if (message.contains(d.getKey().toString()) || message.contains(d.getKey().getFileName().toString())) {
                    field = d.getValue();
                    break;
                }
            }
            for (Path p : documents.keySet()) {
                message = message.replace(p.toString(), p.getFileName().toString()); // no server folders in answers
            }
            if (field == null) {
                for (String name : new String[] {"grid", "objective", "constraint", "top-k", "max-points", "job id", "threads"}) {
                    if (message.toLowerCase(java.util.Locale.ROOT).contains(name)) {
                        field = switch (name) {
                            case "objective" -> "objective_weights";
                            case "constraint" -> "hard_constraints";
                            case "top-k" -> "top_k";
                            case "max-points" -> "max_points";
                            case "job id" -> "job_id";
                            default -> name;
                        };
                        break;
                    }
                }
            }
            throw ApiException.badRequest(message, field);
        }
    }

    private static void accepted(Context ctx, JobHandle job) {
        ctx.header("Location", ApiServer.API + "/jobs/" + job.id());
        ApiServer.json(ctx, 202, new Accepted(job.id(), ApiServer.API + "/jobs/" + job.id()));
    }

    /** The 202 of submitted work: the job and where to follow it. */
    @JsonPropertyOrder({"job_id", "status_url"})
    record Accepted(@JsonProperty("job_id") String jobId, @JsonProperty("status_url") String statusUrl) {
    }
}
