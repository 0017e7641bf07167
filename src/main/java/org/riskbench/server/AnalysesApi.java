package org.riskbench.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.app.AnalysisResults;
import org.riskbench.app.AnalysisSummary;
import org.riskbench.app.AppContext;
import org.riskbench.app.InboxService;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.Problem;
import org.riskbench.jobs.JobHandle;

/**
 * Transaction files for scoring: upload (validated as {@code riskbench infer} validates, before anything is queued),
 * status and result, scored rows, and the analyst's feedback.
 */
final class AnalysesApi {
    private final AppContext app;
    private final Uploads uploads;
    private final AllowedPaths paths;
    private final Drains drains;
    /**
     * Validation and enrichment of uploads run in the request, and use a core each: one per core at a time, the others
     * wait here with their bodies already on disk. Twenty at once would only share the cores twenty ways, and every
     * status poll would queue behind them for its slice.
     */
    private final java.util.concurrent.Semaphore validationSlots =
            new java.util.concurrent.Semaphore(Runtime.getRuntime().availableProcessors(), true);

    AnalysesApi(AppContext app, Uploads uploads, AllowedPaths paths, Drains drains) {
        this.app = app;
        this.uploads = uploads;
        this.paths = paths;
        this.drains = drains;
    }

    void register(RoutesConfig routes) {
        routes.post(ApiServer.API + "/analyses", this::upload);
        routes.get(ApiServer.API + "/analyses/{id}", this::show);
        routes.get(ApiServer.API + "/analyses/{id}/rows", this::rows);
        routes.post(ApiServer.API + "/analyses/{id}/feedback", this::feedback);
    }

    /** Feedback body: {@code {"rows": [{"row": 3, "true_class": "inusual"}]}}. */
    record FeedbackBody(List<FeedbackRow> rows) {
    }

    record FeedbackRow(Long row, String trueClass) {
    }

    /** The 202 of an upload. */
    @JsonPropertyOrder({"analysis_id", "job_id", "status_url", "job_url", "rows"})
    record Accepted(@JsonProperty("analysis_id") String analysisId, @JsonProperty("job_id") String jobId,
                    @JsonProperty("status_url") String statusUrl, @JsonProperty("job_url") String jobUrl,
                    @JsonProperty("rows") long rows) {
    }

    /** One problem of a refused upload; {@code line} and {@code column} are null for the whole file. */
    @JsonPropertyOrder({"line", "column", "column_name", "severity", "message"})
    record ProblemView(@JsonProperty("line") Long line, @JsonProperty("column") Integer column,
                       @JsonProperty("column_name") String columnName, @JsonProperty("severity") String severity,
                       @JsonProperty("message") String message) {
    }

    /**
     * An analysis' status; {@code counts}, {@code rows_url} and {@code result} only once processed, {@code error} only
     * when failed (a JSON null when the error file is missing).
     *
     * @param counts rows per final class, keyed by the rules' class names
     * @param result the stored summary, its top-level keys sorted as this answer has always had them
     */
    @JsonPropertyOrder({"analysis_id", "status", "state", "counts", "rows_url", "result", "error"})
    record Status(@JsonProperty("analysis_id") String analysisId, @JsonProperty("status") String status,
                  @JsonProperty("state") String state,
                  @JsonProperty("counts") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> counts,
                  @JsonProperty("rows_url") @JsonInclude(JsonInclude.Include.NON_NULL) String rowsUrl,
                  @JsonProperty("result") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> result,
                  @JsonProperty("error") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode error) {
    }

    /** A page of scored rows. */
    @JsonPropertyOrder({"analysis_id", "total", "offset", "limit", "rows"})
    record RowsPage(@JsonProperty("analysis_id") String analysisId, @JsonProperty("total") long total,
                    @JsonProperty("offset") int offset, @JsonProperty("limit") int limit,
                    @JsonProperty("rows") List<RowView> rows) {
    }

    /** One scored row; {@code probabilities} keyed by class, in the model's class order. */
    @JsonPropertyOrder({"row", "customer", "date", "amount", "class", "model_class", "probabilities", "anomaly", "cluster",
            "guardrails", "top_features"})
    record RowView(@JsonProperty("row") long row, @JsonProperty("customer") String customer,
                   @JsonProperty("date") String date, @JsonProperty("amount") String amount,
                   @JsonProperty("class") String finalClass, @JsonProperty("model_class") String modelClass,
                   @JsonProperty("probabilities") Map<String, Double> probabilities,
                   @JsonProperty("anomaly") double anomaly, @JsonProperty("cluster") int cluster,
                   @JsonProperty("guardrails") List<String> guardrails,
                   @JsonProperty("top_features") List<String> topFeatures) {
    }

    /** The feedback recorded for an analysis after a post. */
    @JsonPropertyOrder({"analysis_id", "recorded", "feedback"})
    record FeedbackAnswer(@JsonProperty("analysis_id") String analysisId, @JsonProperty("recorded") int recorded,
                          @JsonProperty("feedback") List<Verdict> feedback) {
    }

    @JsonPropertyOrder({"row", "true_class"})
    record Verdict(@JsonProperty("row") long row, @JsonProperty("true_class") String trueClass) {
    }

    private void upload(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        Path folder = uploads.newFolder();
        try {
            Path file;
            String model;
            String guardrails;
            if (type.startsWith("multipart/form-data")) {
                UploadedFile part = ctx.uploadedFile("file");
                if (part == null) {
                    throw ApiException.badRequest("the multipart body has no 'file' part with the CSV", "file");
                }
                file = uploads.savePart(part, folder, Ids.fileName(part.filename(), "upload.csv"));
                model = ctx.formParam("model");
                guardrails = ctx.formParam("guardrails");
            } else if (type.startsWith("text/csv") || type.startsWith("application/octet-stream")) {
                file = uploads.saveBody(ctx, folder, Ids.fileName(ctx.queryParam("name"), "upload.csv"));
                model = ctx.queryParam("model");
                guardrails = ctx.queryParam("guardrails");
            } else {
                throw ApiException.badRequest("send the CSV as text/csv or as the 'file' part of multipart/form-data, not '"
                        + type + "'", "Content-Type");
            }
            Path modelDir = model == null || model.isBlank() ? null : paths.existingFolder(model, "model");
            Path rules = guardrails == null || guardrails.isBlank() ? null : paths.existingFile(guardrails, "guardrails");
            checkScoringFiles(modelDir, rules);
            IntakeOptions intake = new IntakeOptions(uploads.limit(), IntakeOptions.DEFAULT_MAX_BAD_RATIO, 0, 1000,
                    IntakeOptions.Schema.TRANSACTIONS);
            InspectionReport report;
            InboxService.Submission submission;
            validationSlots.acquireUninterruptibly();
            try {
                report = app.inbox().inspectForQueue(file, intake, Progress.NONE);
                submission = app.inbox().submit(file, report, modelDir, rules, Progress.NONE);
            } catch (InboxService.RefusedException e) {
                throw refused(e.report());
            } finally {
                validationSlots.release();
            }
            JobHandle job = drains.forPending();
            String statusUrl = ApiServer.API + "/analyses/" + submission.analysisId();
            ctx.header("Location", statusUrl);
            ApiServer.json(ctx, 202, new Accepted(submission.analysisId(), job.id(), statusUrl,
                    ApiServer.API + "/jobs/" + job.id(), report.dataRows()));
        } finally {
            Uploads.delete(folder); // the inbox holds its enriched copy now, or nothing was queued
        }
    }

    private void checkScoringFiles(Path model, Path rules) {
        if (model != null) {
            try {
                app.inbox().checkModelBundle(model);
            } catch (InputException | java.io.UncheckedIOException e) {
                throw ApiException.badRequest("field 'model': " + e.getMessage(), "model");
            }
        }
        if (rules != null) {
            try {
                app.inbox().checkGuardrails(rules);
            } catch (InputException | java.io.UncheckedIOException e) {
                throw ApiException.badRequest("field 'guardrails': " + e.getMessage(), "guardrails");
            }
        }
    }

    /** 422 with every problem the validation found (line, column, message). */
    private static ApiException refused(InspectionReport report) {
        List<ProblemView> problems = new ArrayList<>();
        for (Problem p : report.problems()) {
            // 0: about the whole file (a missing column, the bad-row share)
            problems.add(new ProblemView(p.line() > 0 ? Long.valueOf(p.line()) : null, p.column() > 0 ? Integer.valueOf(p.column()) : null,
                    p.columnName(), p.severity().name().toLowerCase(java.util.Locale.ROOT), p.message()));
        }
        return new ApiException(422, "refused: " + report.refusal(), "file", problems);
    }

    private void show(Context ctx) {
        String id = Ids.check(ctx.pathParam("id"), "analysis_id");
        String state = app.inbox().stateOnDisk(id);
        if ("missing".equals(state)) {
            throw ApiException.notFound("no analysis '" + id + "' in this workspace", "analysis_id");
        }
        String status = switch (state) {
            case "processed" -> "processed";
            case "failed" -> "failed";
            default -> "pending";
        };
        Status body = new Status(id, status, state, null, null, null, null);
        if ("processed".equals(state)) {
            AnalysisSummary summary = app.inbox().storedSummary(id);
            body = new Status(id, status, state, summary.counts(), ApiServer.API + "/analyses/" + id + "/rows",
                    summary.byKey(), null);
        } else if ("failed".equals(state)) {
            body = new Status(id, status, state, null, null, null,
                    app.inbox().failureOf(id).<JsonNode>map(TextNode::valueOf).orElse(NullNode.getInstance()));
        }
        ApiServer.json(ctx, 200, body);
    }

    private void rows(Context ctx) {
        String id = Ids.check(ctx.pathParam("id"), "analysis_id");
        requireProcessed(id);
        int limit = QueryParams.intParam(ctx, "limit", 100, 1, 10_000);
        int offset = QueryParams.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        String cls = ctx.queryParam("class");
        AnalysisResults results = app.inbox().results(id, Progress.NONE);
        if (cls != null && !results.classes().contains(cls)) {
            throw ApiException.badRequest("class '" + cls + "' is not one of " + results.classes(), "class");
        }
        List<AnalysisResults.Row> matching = cls == null ? results.rows()
                : results.rows().stream().filter(r -> cls.equals(r.finalClass())).toList();
        List<RowView> page = new ArrayList<>();
        for (int i = offset; i < matching.size() && page.size() < limit; i++) {
            page.add(row(matching.get(i), results.classes()));
        }
        ApiServer.json(ctx, 200, new RowsPage(id, matching.size(), offset, limit, page));
    }

    private static RowView row(AnalysisResults.Row r, List<String> classes) {
        Map<String, Double> p = new LinkedHashMap<>();
        for (int i = 0; i < classes.size() && i < r.probabilities().length; i++) {
            p.put(classes.get(i), r.probabilities()[i]);
        }
        return new RowView(r.row(), r.customer(), r.date(), r.amount(), r.finalClass(), r.modelClass(), p, r.anomaly(),
                r.cluster(), r.guardrails(), r.topFeatures());
    }

    private void requireProcessed(String id) {
        String state = app.inbox().stateOnDisk(id);
        if ("missing".equals(state)) {
            throw ApiException.notFound("no analysis '" + id + "' in this workspace", "analysis_id");
        }
        if (!"processed".equals(state)) {
            throw new ApiException(409, "analysis '" + id + "' is " + state + ", not processed", "analysis_id");
        }
    }

    private void feedback(Context ctx) {
        String id = Ids.check(ctx.pathParam("id"), "analysis_id");
        requireProcessed(id);
        FeedbackBody body = StrictJson.read(ApiServer.smallBody(ctx), FeedbackBody.class);
        if (body.rows() == null || body.rows().isEmpty()) {
            throw ApiException.badRequest("field 'rows' needs at least one {row, true_class}", "rows");
        }
        Map<Long, String> verdicts = new LinkedHashMap<>();
        for (int i = 0; i < body.rows().size(); i++) {
            FeedbackRow r = body.rows().get(i);
            if (r == null || r.row() == null) {
                throw ApiException.badRequest("rows[" + i + "].row is required", "rows[" + i + "].row");
            }
            if (r.trueClass() == null) {
                throw ApiException.badRequest("rows[" + i + "].true_class is required", "rows[" + i + "].true_class");
            }
            verdicts.put(r.row(), r.trueClass());
        }
        int recorded;
        try {
            recorded = app.models().feedback(id, verdicts);
        } catch (InputException e) {
            throw ApiException.badRequest(e.getMessage(), "rows");
        }
        List<Verdict> log = new ArrayList<>();
        app.models().feedbackOf(id).forEach((row, c) -> log.add(new Verdict(row, c)));
        ApiServer.json(ctx, 200, new FeedbackAnswer(id, recorded, log));
    }
}
