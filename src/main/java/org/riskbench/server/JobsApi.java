package org.riskbench.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.app.AppContext;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.model.JobLogLine;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.jobs.JobHandle;

/** The workspace's jobs, whichever process runs them: list, show (with the log tail), cancel, retry. */
final class JobsApi {
    private final AppContext app;

    JobsApi(AppContext app) {
        this.app = app;
    }

    void register(RoutesConfig routes) {
        routes.get(ApiServer.API + "/jobs", this::list);
        routes.get(ApiServer.API + "/jobs/{id}", this::show);
        routes.post(ApiServer.API + "/jobs/{id}/cancel", this::cancel);
        routes.post(ApiServer.API + "/jobs/{id}/retry", this::retry);
    }

    private void list(Context ctx) {
        EnumSet<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        String status = ctx.queryParam("status");
        if (status != null && !status.isBlank()) {
            for (String s : status.split(",")) {
                try {
                    statuses.add(JobStatus.fromDb(s.trim()));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("status '" + s.trim() + "' is not one of pending, running, succeeded, failed,"
                            + " cancelled", "status");
                }
            }
        }
        String kind = ctx.queryParam("kind");
        if (kind != null && !kind.isBlank() && !app.jobs().kinds().contains(kind)) {
            throw ApiException.badRequest("kind '" + kind + "' is not one of " + app.jobs().kinds(), "kind");
        }
        int limit = QueryParams.intParam(ctx, "limit", 100, 1, 10_000);
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (JobRecord job : app.jobs().list(statuses, kind, limit)) {
            jobs.add(summary(job));
        }
        ApiServer.json(ctx, 200, Map.of("jobs", jobs));
    }

    static Map<String, Object> summary(JobRecord job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", job.id());
        m.put("kind", job.kind());
        m.put("status", job.status().dbName());
        m.put("progress", job.progress());
        m.put("message", job.progressMessage());
        m.put("error", job.errorMessage());
        m.put("created_at", text(job.createdAt()));
        m.put("started_at", text(job.startedAt()));
        m.put("finished_at", text(job.finishedAt()));
        m.put("attempt", job.attempt());
        m.put("retry_of", job.retryOf());
        return m;
    }

    private static String text(java.time.Instant t) {
        return t == null ? null : t.toString();
    }

    private JobRecord find(Context ctx) {
        String id = Ids.check(ctx.pathParam("id"), "job_id");
        return app.jobs().find(id).orElseThrow(() -> ApiException.notFound("no job '" + id + "' in this workspace", "job_id"));
    }

    private void show(Context ctx) {
        JobRecord job = find(ctx);
        Map<String, Object> m = summary(job);
        m.put("params", tree(job.paramsJson()));
        m.put("result", tree(job.resultJson()));
        List<String> log = new ArrayList<>();
        for (JobLogLine line : app.jobs().logTail(job.id(), 50)) {
            log.add(line.at() + " " + line.level() + " " + line.message());
        }
        m.put("log_tail", log);
        ApiServer.json(ctx, 200, m);
    }

    private static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    private void cancel(Context ctx) {
        JobRecord job = find(ctx);
        if (job.status().isTerminal()) {
            throw new ApiException(409, "job " + job.id() + " is " + job.status().dbName() + " already; nothing to cancel", "job_id");
        }
        JobStatus now = app.jobs().cancel(job.id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", job.id());
        body.put("status", now.dbName());
        body.put("cancel_requested", true);
        ApiServer.json(ctx, 202, body);
    }

    private void retry(Context ctx) {
        JobRecord job = find(ctx);
        if (job.status() != JobStatus.FAILED && job.status() != JobStatus.CANCELLED) {
            throw new ApiException(409, "job " + job.id() + " is " + job.status().dbName() + "; only failed or cancelled jobs can be"
                    + " retried", "job_id");
        }
        JobHandle handle;
        try {
            handle = app.jobs().retry(job.id());
        } catch (InputException e) {
            throw new ApiException(409, e.getMessage(), "job_id");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", handle.id());
        body.put("retry_of", job.id());
        body.put("status_url", ApiServer.API + "/jobs/" + handle.id());
        ApiServer.json(ctx, 202, body);
    }
}
