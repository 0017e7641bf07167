package org.riskbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.riskbench.app.AppContext;
import org.riskbench.app.SparkInferenceResult;
import org.riskbench.app.InboxService;
import org.riskbench.core.Folders;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.engine.intake.InspectionReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code riskbench infer FILE... [--model BUNDLE] [--out DIR]}: validate, enrich, queue, then process (check, scoring). */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Validate, enrich and queue transaction files, then process the inbox; prints each analysis id.")
public final class InferCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Transaction CSV files.")
    List<Path> files;
    @Option(names = "--max-bad-ratio", defaultValue = "0.01", paramLabel = "R", description = "Share of unreadable rows tolerated (default: ${DEFAULT-VALUE}).")
    double maxBadRatio;
    @Option(names = "--size-limit-mb", defaultValue = "500", paramLabel = "N", description = "Refuse larger files (default: ${DEFAULT-VALUE}).")
    long sizeLimitMb;
    @Option(names = "--job-id", paramLabel = "ID", description = "Id of the processing job (default: generated).")
    String jobId;
    @Option(names = "--model", paramLabel = "BUNDLE", description = "Score with this model bundle (default: the workspace's active model).")
    Path model;
    @Mixin
    ScoringOptions scoring;
    @Option(names = "--out", paramLabel = "DIR", description = "Also copy each result (<id>.json, <id>_results.csv) into this folder.")
    Path outDir;
    @Mixin
    SparkOptions spark;
    @Option(names = "--analysis-id", paramLabel = "ID",
            description = "The analysis id of the (one) file, instead of a generated one: letters, digits, '_', '-', '.'; unique in the workspace.")
    String analysisId;

    /** Prints an analysis' one-line summary and copies its files into {@code --out}. */
    private void reportProcessed(AppContext app, String id, java.io.PrintWriter out) {
        out.println("processed " + id + ": " + app.inbox().resultFile(id));
        // the summary only: the per-row list of a large file is not read into memory
        org.riskbench.app.ScoringSummary scoring = app.inbox().storedSummary(id).scoring();
        if (scoring != null) {
            out.println(id + ": " + scoring.rowCount() + " rows scored by " + scoring.modelVersion()
                    + ", classes " + org.riskbench.core.Json.compact(new java.util.TreeMap<>(scoring.counts())));
        }
        if (outDir == null) {
            return;
        }
        try {
            for (String name : List.of(id + ".json", id + "_results.csv")) {
                Path src = app.inbox().dir("processed").resolve(name);
                if (java.nio.file.Files.exists(src)) {
                    java.nio.file.Files.copy(src, outDir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot copy the results to " + outDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A general model's scoring, one file, as a job: the input columns plus p_<class>, predicted_class and anomaly_score
     * into {@code --out}, alignment warnings on stderr, tracked as an inference run.
     */
    private Integer inferGeneral() {
        if (files.size() != 1) {
            throw new InputException("a general model scores one file at a time, but " + files.size() + " were given");
        }
        try (AppContext app = Cli.openApp(common)) {
            var job = app.tabular().submitScore(files.get(0), model, outDir, jobId);
            var err = spec.commandLine().getErr();
            JobRecord done = JobWaiter.await(app, job.handle(), err);
            if (done.status() != JobStatus.SUCCEEDED) {
                Throwable cause = null;
                try {
                    job.outcome().join();
                } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                    cause = e.getCause();
                }
                if (cause instanceof InputException) {
                    err.println("riskbench: " + cause.getMessage());
                    return Cli.EXIT_BAD_INPUT;
                }
                err.println("riskbench: tabular-inference " + JobWaiter.outcome(done));
                return Cli.EXIT_JOB_FAILED;
            }
            var s = job.outcome().join();
            s.counts().warnings().forEach(w -> err.println("riskbench: warning: " + w));
            var out = spec.commandLine().getOut();
            out.println("scored " + s.counts().rows() + " rows of " + files.get(0).getFileName() + " with model " + s.modelVersion()
                    + ", predicted classes " + org.riskbench.core.Json.compact(s.counts().counts()));
            out.println("results in " + s.results() + " (run " + done.id() + ")");
            return Cli.EXIT_OK;
        }
    }

    /** A refused file in one line: why, how many problems, the first, and the command that lists them all. */
    static org.riskbench.core.InputException refusal(Path file, InspectionReport report) {
        StringBuilder line = new StringBuilder(file + ": refused: " + report.refusal());
        long problems = report.problemCount();
        line.append("; ").append(String.format(java.util.Locale.ROOT, "%,d", problems)).append(problems == 1 ? " problem" : " problems");
        if (!report.problems().isEmpty() && !report.problems().get(0).describe().equals(report.refusal())) {
            line.append(", the first: ").append(report.problems().get(0).describe());
        }
        line.append("; see ").append(problems == 1 ? "it" : "them all").append(" with 'riskbench validate ").append(file).append("'");
        return new org.riskbench.core.InputException(line.toString());
    }

    /**
     * {@code infer FILE --out DIR --spark MASTER}: the file scored on Spark, the results as CSV and Parquet parts in
     * {@code --out} (both on a path every executor can read), the counts and a sample as a tracked run.
     */
    private Integer inferOnSpark() {
        if (files.size() != 1) {
            throw new InputException("on Spark, infer scores one file at a time, but " + files.size() + " were given");
        }
        if (analysisId != null) {
            throw new InputException("--analysis-id names an inbox analysis; on Spark the job id names the run (--job-id).");
        }
        // as typed: a Path would fold hdfs://host/... into hdfs:/host/...
        var parsed = spec.commandLine().getParseResult();
        String file = parsed.matchedPositionals().get(0).originalStringValues().get(0);
        String out = outDir == null ? null : parsed.matchedOption("--out").originalStringValues().get(0);
        try (AppContext app = Cli.openApp(common)) {
            var target = spark.target(app.sparkInference().defaultSparkMaster());
            var handle = app.sparkInference().submit(new org.riskbench.app.SparkInference.Request(file, out, model,
                    scoring.guardrails, maxBadRatio, sizeLimitMb, jobId), target);
            var err = spec.commandLine().getErr();
            JobRecord done = JobWaiter.await(app, handle, err);
            if (done.status() != JobStatus.SUCCEEDED) {
                err.println("riskbench: spark-inference " + JobWaiter.outcome(done));
                return Cli.EXIT_JOB_FAILED;
            }
            SparkInferenceResult result = SparkInferenceResult.fromJson(done.resultJson());
            var o = spec.commandLine().getOut();
            o.println("scored " + result.rowCount() + " rows of " + file + " on Spark with model " + result.modelVersion()
                    + ", classes " + org.riskbench.core.Json.compact(result.counts()));
            o.println("results in " + result.output() + " (csv/, parquet/); summary and sample in "
                    + done.outputDir() + " (run " + done.id() + ")");
            return Cli.EXIT_OK;
        }
    }

    @Override
    public Integer call() {
        if (spark.master != null) {
            return inferOnSpark();
        }
        if (model != null && org.riskbench.app.TabularService.isGeneralBundle(model)) {
            return inferGeneral();
        }
        try (AppContext app = Cli.openApp(common)) {
            // Everything that can be refused is checked before the first file is queued: nothing is left half done.
            app.jobs().requireNewId(jobId);
            if (outDir != null) {
                // copies of results only add files (one pair per analysis id): a folder of earlier results is fine
                org.riskbench.jobs.OutputFolders.check(app.root(),
                        org.riskbench.jobs.OutputFolders.Kind.INFERENCE_RESULTS, outDir, false, "--out");
            }
            scoring.apply(app);
            if (model != null) {
                app.models().useBundle(model);
            }
            if (analysisId != null) {
                if (files.size() != 1) {
                    throw new InputException("--analysis-id names one analysis, but " + files.size()
                            + " files were given; run infer once per file, or leave --analysis-id out.");
                }
                app.inbox().checkNewAnalysisId(analysisId);
            }
            var options = ValidateCommand.options("transactions", maxBadRatio, sizeLimitMb);
            List<InspectionReport> reports = new ArrayList<>();
            for (Path file : files) {
                try {
                    reports.add(app.inbox().inspectForQueue(file, options, Progress.NONE));
                } catch (InboxService.RefusedException e) {
                    throw refusal(file, e.report()); // one line: the whole report is validate's to print
                }
            }
            if (outDir != null) {
                Folders.requireOutputFolder(outDir); // made only once every file is accepted
            }
            var out = spec.commandLine().getOut();
            List<String> queued = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                InboxService.Submission s = app.inbox().submit(files.get(i), reports.get(i), analysisId, Progress.NONE);
                queued.add(s.analysisId());
                out.println("queued " + s.analysisId() + " (" + files.get(i).getFileName() + ", " + s.enrichment().rowsEnriched()
                        + " rows enriched)");
            }
            if (model == null) {
                app.models().ensureActiveModel(Progress.NONE); // trains the default model on first use, outside the file timeout
            }
            JobRecord done = JobWaiter.await(app, app.inbox().process(jobId), spec.commandLine().getErr());
            if (done.status() != JobStatus.SUCCEEDED) {
                return InboxCommand.report(app, done, spec);
            }
            out.println(InboxCommand.summaryLine(done));
            // This command answers for its own files only: the drain may also have taken other commands' files, and
            // another process (inbox watch, the GUI) may have taken these, so wait until each has ended, whoever ran it.
            int code = Cli.EXIT_OK;
            for (var e : app.inbox().awaitOutcome(queued, Progress.NONE).entrySet()) {
                if ("processed".equals(e.getValue())) {
                    reportProcessed(app, e.getKey(), out);
                } else {
                    InboxCommand.reportFailed(app, e.getKey(), spec);
                    code = Cli.EXIT_JOB_FAILED;
                }
            }
            if (outDir != null) {
                out.println("results in " + outDir);
            }
            return code;
        }
    }
}
