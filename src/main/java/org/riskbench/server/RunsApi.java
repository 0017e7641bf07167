package org.riskbench.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    record RunList(@JsonProperty("runs") List<RunView> runs) {
    }

    /**
     * A tracked run; {@code tags} and {@code artifacts} only when one run is shown.
     *
     * @param params  the run's parameters, keyed as its kind names them (a project's are its own keys)
     * @param metrics the run's metrics, keyed as its kind names them (queries and columns address them by name)
     */
    @JsonPropertyOrder({"run_id", "kind", "project", "name", "status", "job_id", "started_at", "finished_at", "params",
            "metrics", "error", "tags", "artifacts"})
    record RunView(@JsonProperty("run_id") String runId, @JsonProperty("kind") String kind,
                   @JsonProperty("project") String project, @JsonProperty("name") String name,
                   @JsonProperty("status") String status, @JsonProperty("job_id") String jobId,
                   @JsonProperty("started_at") String startedAt, @JsonProperty("finished_at") String finishedAt,
                   @JsonProperty("params") Map<String, Object> params, @JsonProperty("metrics") Map<String, Object> metrics,
                   @JsonProperty("error") String error,
                   @JsonProperty("tags") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> tags,
                   @JsonProperty("artifacts") @JsonInclude(JsonInclude.Include.NON_NULL) List<ArtifactView> artifacts) {
    }

    @JsonPropertyOrder({"path", "size", "sha256", "url"})
    record ArtifactView(@JsonProperty("path") String path, @JsonProperty("size") long size,
                        @JsonProperty("sha256") String sha256, @JsonProperty("url") String url) {
    }

    @JsonPropertyOrder({"request_id", "status", "status_url"})
    record RequestFiled(@JsonProperty("request_id") long requestId, @JsonProperty("status") String status,
                        @JsonProperty("status_url") String statusUrl) {
    }

    record RequestList(@JsonProperty("requests") List<RequestItem> requests) {
    }

    @JsonPropertyOrder({"request_id", "requested_by", "reason", "priority", "status", "created_at", "processed_at", "run_id"})
    record RequestItem(@JsonProperty("request_id") long requestId, @JsonProperty("requested_by") String requestedBy,
                       @JsonProperty("reason") String reason, @JsonProperty("priority") String priority,
                       @JsonProperty("status") String status, @JsonProperty("created_at") String createdAt,
                       @JsonProperty("processed_at") String processedAt, @JsonProperty("run_id") String runId) {
    }

    private void list(Context ctx) {
        int limit = QueryParams.intParam(ctx, "limit", 100, 1, 10_000);
        List<TrackedRun> runs;
        try {
            runs = app.tracking().list(ctx.queryParam("query"), ctx.queryParam("project"), ctx.queryParam("kind"), limit);
        } catch (QueryException e) {
            throw ApiException.badRequest("query: " + e.getMessage(), "query");
        }
        ApiServer.json(ctx, 200, new RunList(runs.stream().map(r -> view(r, false)).toList()));
    }

    private static RunView view(TrackedRun r, boolean full) {
        List<ArtifactView> artifacts = null;
        if (full) {
            artifacts = new ArrayList<>();
            for (TrackedRun.Artifact a : r.artifacts()) {
                artifacts.add(new ArtifactView(a.path(), a.size(), a.sha256(),
                        ApiServer.API + "/runs/" + r.id() + "/artifacts/" + a.path()));
            }
        }
        return new RunView(r.id(), r.kind(), r.project(), r.name(), r.status(), r.jobId(),
                r.startedAt() == null ? null : r.startedAt().toString(), r.finishedAt() == null ? null : r.finishedAt().toString(),
                r.params(), r.metrics(), r.errorMessage(), full ? r.tags() : null, artifacts);
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
        ApiServer.json(ctx, 201, new RequestFiled(id, "pending", ApiServer.API + "/retraining/requests"));
    }

    private void requests(Context ctx) {
        List<RequestItem> out = new ArrayList<>();
        for (RetrainingService.RequestView r : app.retraining().requests()) {
            out.add(new RequestItem(r.id(), r.requestedBy(), r.reason(), r.priority(), r.status(), r.createdAt(),
                    r.processedAt(), r.runId()));
        }
        ApiServer.json(ctx, 200, new RequestList(out));
    }
}
