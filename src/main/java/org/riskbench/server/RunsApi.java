package org.riskbench.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.app.AppContext;
import org.riskbench.app.RetrainingService;
import org.riskbench.app.TrackedRun;
import org.riskbench.core.InputException;
import org.riskbench.core.query.QueryException;

/** Tracked runs (query, show, artifact download) and the retraining request queue. */
final class RunsApi {
    private final AppContext app;

    RunsApi(AppContext app) {
        this.app = app;
    }

    void register(RoutesConfig routes) {
        routes.get(ApiServer.API + "/runs", this::list);
        routes.get(ApiServer.API + "/runs/{id}", this::show);
        routes.get(ApiServer.API + "/runs/{id}/artifacts/<path>", this::artifact);
        routes.post(ApiServer.API + "/retraining/requests", this::request);
        routes.get(ApiServer.API + "/retraining/requests", this::requests);
    }

    /** A retraining request: who files it (a system and a person or service), why, and how urgent. */
    record RequestBody(String source, String reason, String requestedBy, String priority) {
    }

    private void list(Context ctx) {
        int limit = QueryParams.intParam(ctx, "limit", 100, 1, 10_000);
        List<TrackedRun> runs;
        try {
            runs = app.tracking().list(ctx.queryParam("query"), ctx.queryParam("project"), ctx.queryParam("kind"), limit);
        } catch (QueryException e) {
            throw ApiException.badRequest("query: " + e.getMessage(), "query");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        runs.forEach(r -> out.add(view(r, false)));
        ApiServer.json(ctx, 200, Map.of("runs", out));
    }

    private static Map<String, Object> view(TrackedRun r, boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", r.id());
        m.put("kind", r.kind());
        m.put("project", r.project());
        m.put("name", r.name());
        m.put("status", r.status());
        m.put("job_id", r.jobId());
        m.put("started_at", r.startedAt() == null ? null : r.startedAt().toString());
        m.put("finished_at", r.finishedAt() == null ? null : r.finishedAt().toString());
        m.put("params", r.params());
        m.put("metrics", r.metrics());
        m.put("error", r.errorMessage());
        if (full) {
            m.put("tags", r.tags());
            List<Map<String, Object>> artifacts = new ArrayList<>();
            for (TrackedRun.Artifact a : r.artifacts()) {
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("path", a.path());
                am.put("size", a.size());
                am.put("sha256", a.sha256());
                am.put("url", ApiServer.API + "/runs/" + r.id() + "/artifacts/" + a.path());
                artifacts.add(am);
            }
            m.put("artifacts", artifacts);
        }
        return m;
    }

    private TrackedRun find(Context ctx) {
        String id = Ids.check(ctx.pathParam("id"), "run_id");
        try {
            return app.tracking().show(id);
        } catch (InputException e) {
            throw ApiException.notFound("no run '" + id + "' in this workspace", "run_id");
        }
    }

    private void show(Context ctx) {
        ApiServer.json(ctx, 200, view(find(ctx), true));
    }

    /** Only a file the run lists as its artifact, and only inside the run's folder after resolving links. */
    private void artifact(Context ctx) throws IOException {
        TrackedRun run = find(ctx);
        String path = ctx.pathParam("path");
        TrackedRun.Artifact artifact = run.artifacts().stream().filter(a -> a.path().equals(path)).findFirst()
                .orElseThrow(() -> ApiException.notFound("run " + run.id() + " has no artifact '" + path + "'", "path"));
        Path file = run.resolve(artifact);
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound("the artifact '" + path + "' of run " + run.id() + " is no longer on disk", "path");
        }
        Path real = file.toRealPath();
        if (run.outputDir() == null || !real.startsWith(run.outputDir().toRealPath())) {
            throw ApiException.notFound("run " + run.id() + " has no artifact '" + path + "' in its folder", "path");
        }
        String name = real.getFileName().toString();
        String type = name.endsWith(".json") ? "application/json" : name.endsWith(".csv") ? "text/csv"
                : name.endsWith(".png") ? "image/png" : "application/octet-stream";
        ctx.status(200);
        ctx.contentType(type);
        ctx.header("Content-Disposition", "attachment; filename=\"" + Ids.fileName(name, "artifact") + "\"");
        ctx.header("Content-Length", String.valueOf(Files.size(real)));
        InputStream in = Files.newInputStream(real);
        ctx.result(in); // streamed; Javalin closes it
    }

    private void request(Context ctx) {
        RequestBody body = StrictJson.read(ApiServer.smallBody(ctx), RequestBody.class);
        if (body.requestedBy() == null || body.requestedBy().isBlank()) {
            throw ApiException.badRequest("field 'requested_by' is required: who asks for the retraining", "requested_by");
        }
        if (body.reason() == null || body.reason().isBlank()) {
            throw ApiException.badRequest("field 'reason' is required: why the model should be retrained", "reason");
        }
        if (body.requestedBy().strip().equals(RetrainingService.DECAY_REQUESTER)) {
            throw ApiException.badRequest("requested_by '" + RetrainingService.DECAY_REQUESTER + "' is the decay check's own name",
                    "requested_by");
        }
        String reason = body.source() == null || body.source().isBlank() ? body.reason().strip()
                : "[" + body.source().strip() + "] " + body.reason().strip();
        long id;
        try {
            id = app.retraining().request(body.requestedBy(), reason, body.priority());
        } catch (InputException e) {
            throw ApiException.badRequest(e.getMessage(), e.getMessage().contains("priority") ? "priority" : null);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("request_id", id);
        out.put("status", "pending");
        out.put("status_url", ApiServer.API + "/retraining/requests");
        ApiServer.json(ctx, 201, out);
    }

    private void requests(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RetrainingService.RequestView r : app.retraining().requests()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("request_id", r.id());
            m.put("requested_by", r.requestedBy());
            m.put("reason", r.reason());
            m.put("priority", r.priority());
            m.put("status", r.status());
            m.put("created_at", r.createdAt());
            m.put("processed_at", r.processedAt());
            m.put("run_id", r.runId());
            out.add(m);
        }
        ApiServer.json(ctx, 200, Map.of("requests", out));
    }
}
