package org.riskbench.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
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
        List<JobView> jobs = new ArrayList<>();
        for (JobRecord job : app.jobs().list(statuses, kind, limit)) {
            jobs.add(JobView.of(job));
        }
        ApiServer.json(ctx, 200, new JobList(jobs));
    }

    /** A job as the list and the detail answer it; absent values are null, not left out. */
    @JsonPropertyOrder({"job_id", "kind", "status", "progress", "message", "error", "created_at", "started_at",
            "finished_at", "attempt", "retry_of"})
    record JobView(@JsonProperty("job_id") String jobId, @JsonProperty("kind") String kind,
                   @JsonProperty("status") String status, @JsonProperty("progress") double progress,
                   @JsonProperty("message") String message, @JsonProperty("error") String error,
                   @JsonProperty("created_at") String createdAt, @JsonProperty("started_at") String startedAt,
                   @JsonProperty("finished_at") String finishedAt, @JsonProperty("attempt") int attempt,
                   @JsonProperty("retry_of") String retryOf) {
        static JobView of(JobRecord job) {
            return new JobView(job.id(), job.kind(), job.status().dbName(), job.progress(), job.progressMessage(),
                    job.errorMessage(), text(job.createdAt()), text(job.startedAt()), text(job.finishedAt()), job.attempt(),
                    job.retryOf());
        }
    }

    record JobList(@JsonProperty("jobs") List<JobView> jobs) {
    }

    /** A job's detail: the {@link JobView} fields, then its parameters and result as stored, and its log's last lines. */
    @JsonPropertyOrder({"job", "params", "result", "log_tail"})
    record JobDetail(@JsonUnwrapped JobView job, @JsonProperty("params") JsonNode params,
                     @JsonProperty("result") JsonNode result, @JsonProperty("log_tail") List<String> logTail) {
    }

    @JsonPropertyOrder({"job_id", "status", "cancel_requested"})
    record CancelRequested(@JsonProperty("job_id") String jobId, @JsonProperty("status") String status,
                           @JsonProperty("cancel_requested") boolean cancelRequested) {
    }

    @JsonPropertyOrder({"job_id", "retry_of", "status_url"})
    record RetryAccepted(@JsonProperty("job_id") String jobId, @JsonProperty("retry_of") String retryOf,
                         @JsonProperty("status_url") String statusUrl) {
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
        List<String> log = new ArrayList<>();
        for (JobLogLine line : app.jobs().logTail(job.id(), 50)) {
            log.add(line.at() + " " + line.level() + " " + line.message());
        }
        ApiServer.json(ctx, 200, new JobDetail(JobView.of(job), tree(job.paramsJson()), tree(job.resultJson()), log));
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
        ApiServer.json(ctx, 202, new CancelRequested(job.id(), now.dbName(), true));
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
        ApiServer.json(ctx, 202, new RetryAccepted(handle.id(), job.id(), ApiServer.API + "/jobs/" + handle.id()));
    }
}
