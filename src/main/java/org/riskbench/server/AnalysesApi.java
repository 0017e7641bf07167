package org.riskbench.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.app.AnalysisResults;
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
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("analysis_id", submission.analysisId());
            body.put("job_id", job.id());
            body.put("status_url", ApiServer.API + "/analyses/" + submission.analysisId());
            body.put("job_url", ApiServer.API + "/jobs/" + job.id());
            body.put("rows", report.dataRows());
            ctx.header("Location", ApiServer.API + "/analyses/" + submission.analysisId());
            ApiServer.json(ctx, 202, body);
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
        List<Map<String, Object>> problems = new ArrayList<>();
        for (Problem p : report.problems()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", p.line() > 0 ? p.line() : null); // 0: about the whole file (a missing column, the bad-row share)
            m.put("column", p.column() > 0 ? p.column() : null);
            m.put("column_name", p.columnName());
            m.put("severity", p.severity().name().toLowerCase(java.util.Locale.ROOT));
            m.put("message", p.message());
            problems.add(m);
        }
        return new ApiException(422, "refused: " + report.refusal(), "file", problems);
    }

    private void show(Context ctx) {
        String id = Ids.check(ctx.pathParam("id"), "analysis_id");
        String state = app.inbox().stateOnDisk(id);
        if ("missing".equals(state)) {
            throw ApiException.notFound("no analysis '" + id + "' in this workspace", "analysis_id");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("analysis_id", id);
        body.put("status", switch (state) {
            case "processed" -> "processed";
            case "failed" -> "failed";
            default -> "pending";
        });
        body.put("state", state);
        if ("processed".equals(state)) {
            Map<String, Object> summary = app.inbox().storedSummary(id);
            Object counts = summary.get("scoring") instanceof Map<?, ?> scoring ? scoring.get("counts") : null;
            body.put("counts", counts == null ? Map.of() : counts);
            body.put("rows_url", ApiServer.API + "/analyses/" + id + "/rows");
            body.put("result", summary);
        }
        if ("failed".equals(state)) {
            body.put("error", app.inbox().failureOf(id).orElse(null));
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
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = offset; i < matching.size() && page.size() < limit; i++) {
            page.add(row(matching.get(i), results.classes()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("analysis_id", id);
        body.put("total", matching.size());
        body.put("offset", offset);
        body.put("limit", limit);
        body.put("rows", page);
        ApiServer.json(ctx, 200, body);
    }

    private static Map<String, Object> row(AnalysisResults.Row r, List<String> classes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("row", r.row());
        m.put("customer", r.customer());
        m.put("date", r.date());
        m.put("amount", r.amount());
        m.put("class", r.finalClass());
        m.put("model_class", r.modelClass());
        Map<String, Double> p = new LinkedHashMap<>();
        for (int i = 0; i < classes.size() && i < r.probabilities().length; i++) {
            p.put(classes.get(i), r.probabilities()[i]);
        }
        m.put("probabilities", p);
        m.put("anomaly", r.anomaly());
        m.put("cluster", r.cluster());
        m.put("guardrails", r.guardrails());
        m.put("top_features", r.topFeatures());
        return m;
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
        List<Map<String, Object>> log = new ArrayList<>();
        app.models().feedbackOf(id).forEach((row, c) -> log.add(Map.of("row", row, "true_class", c)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("analysis_id", id);
        out.put("recorded", recorded);
        out.put("feedback", log);
        ApiServer.json(ctx, 200, out);
    }
}
