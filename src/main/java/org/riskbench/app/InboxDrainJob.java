package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.riskbench.core.CancelledException;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;
import org.riskbench.jobs.JobContext;
import org.riskbench.jobs.JobHandle;
import org.riskbench.jobs.JobRequest;
import org.riskbench.jobs.JobService;

/**
 * The drain as a job of kind {@code inference}: registered with the job service (a retried job does what it did: one
 * analysis when it named one, else the whole queue), run as a tracked run whose folder is the inbox and whose
 * artifacts are the analyses' result documents, results CSVs and error files; its metrics add up their rows, classes
 * and guardrail raises.
 */
final class InboxDrainJob {
    private final JobService jobs;
    private final Tracker tracker;
    private final ScoringStage scoring;
    private final InboxFolders folders;
    private final InboxStageRunner stages;

    InboxDrainJob(JobService jobs, Tracker tracker, ScoringStage scoring, InboxFolders folders, InboxStageRunner stages) {
        this.jobs = jobs;
        this.tracker = tracker;
        this.scoring = scoring;
        this.folders = folders;
        this.stages = stages;
        jobs.allowOutputFolder(InboxService.KIND, folders.dir("processed").getParent());
        // a retried job does what it did: one analysis when it named one, else the whole queue
        jobs.register(InboxService.KIND, stored -> {
            String only = JobParams.read(stored, Params.class, "a drain").analysisId();
            return only != null ? context -> drainTask(context, only) : this::drainTask;
        }, "the rows of the files or --threads");
    }

    /**
     * A drain job's parameters (stored with the job, read again by a retry): the whole queue, or one analysis.
     *
     * @param analysisId the one analysis it processes, null (and left out) for the whole queue
     */
    @JsonPropertyOrder({"action", "analysis_id"})
    record Params(@JsonProperty("action") String action,
                  @JsonProperty("analysis_id") @JsonInclude(JsonInclude.Include.NON_NULL) String analysisId) {
        static Params drain(String analysisId) {
            return new Params("drain", analysisId);
        }
    }

    /**
     * What a drain worked on, its tracked run's parameters, so inference runs can be told apart and compared: each a
     * comma-separated list (the run index keeps parameters as text), in the order the analyses were processed.
     *
     * @param threads the scoring's threads
     */
    @JsonPropertyOrder({"action", "analyses", "inputs", "model_version", "guardrails", "threads"})
    record RunParams(@JsonProperty("action") String action,
                     @JsonProperty("analyses") String analyses,
                     @JsonProperty("inputs") String inputs,
                     @JsonProperty("model_version") String modelVersion,
                     @JsonProperty("guardrails") String guardrails,
                     @JsonProperty("threads") int threads) {
    }

    /** Drains pending as a job of kind {@code inference} (a tracked run). */
    JobHandle process(String jobId) {
        return process(jobId, null);
    }

    /**
     * Processes one pending analysis alone (the CSV runner's {@code ml_runner.py <analysis_id>}) as a job of kind
     * {@code inference}, or every pending one when {@code analysisId} is null. A given id must be pending, else
     * {@link InputException} naming its state, before any job is made.
     */
    JobHandle process(String jobId, String analysisId) {
        jobs.requireNewId(jobId);
        // the job's files are the analyses' results in the inbox, so that is its output folder
        Path inbox = folders.dir("processed").getParent();
        if (analysisId == null) {
            return jobs.submit(new JobRequest(jobId, InboxService.KIND, JobParams.asMap(Params.drain(null)), inbox, null),
                    this::drainTask);
        }
        InboxFolders.checkAnalysisIdForm(analysisId);
        String state = folders.stateOnDisk(analysisId);
        if (!"pending".equals(state)) {
            throw new InputException("analysis '" + analysisId + "' is not pending in the inbox but "
                    + ("missing".equals(state) ? "unknown ('inbox list' shows the analyses)" : state)
                    + "; only a pending analysis can be processed (a failed one: retry it first).");
        }
        return jobs.submit(new JobRequest(jobId, InboxService.KIND, JobParams.asMap(Params.drain(analysisId)), inbox, null),
                context -> drainTask(context, analysisId));
    }

    /**
     * The drain as a tracked run. Its files live in the inbox, not in a run folder, so the run's folder is the inbox and
     * its artifacts are the result documents, results CSVs and error files of the analyses it processed; its metrics add
     * up their rows, classes and guardrail raises, so inference runs can be queried like any other.
     */
    private InboxService.DrainResult drainTask(JobContext context) {
        return drainTask(context, null);
    }

    private InboxService.DrainResult drainTask(JobContext context, String only) {
        String runId = context.jobId();
        Path inbox = folders.dir("processed").getParent(); // not the context's folder: a retried job gets a runs/ folder of its own
        tracker.start(runId, InboxService.KIND, "inbox drain", runId, JobParams.asMap(Params.drain(only)), inbox);
        try {
            InboxService.DrainResult r = only == null ? stages.drain(context) : stages.drainOnly(only, context);
            List<AnalysisSummary> summaries = r.processed().stream().map(folders::storedSummary).toList();
            tracker.params(runId, JobParams.asMap(runParams(r, summaries)));
            tracker.finish(runId, "succeeded", runMetrics(r, summaries), Tracker.artifacts(inbox, runFiles(r)), null);
            r.processed().forEach(id -> context.log("processed " + id));
            r.failed().forEach(id -> context.log("failed " + id));
            return r;
        } catch (RuntimeException e) {
            tracker.fail(runId, e, null);
            throw e;
        }
    }

    /** The drain's metrics, from the stored summaries of the analyses it processed. */
    private static Map<String, Object> runMetrics(InboxService.DrainResult r, List<AnalysisSummary> summaries) {
        long rows = 0;
        long raised = 0;
        Map<String, Long> classes = new LinkedHashMap<>();
        for (AnalysisSummary summary : summaries) {
            rows += summary.rowCount() == null ? 0 : summary.rowCount();
            if (summary.scoring() != null) {
                raised += summary.scoring().guardrailsRaised();
                summary.counts().forEach((c, n) -> classes.merge(c, n, Long::sum));
            }
        }
        // the telling figures first: the Runs screen shows a kind's first metrics as its default columns
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("rows", rows);
        metrics.put("guardrails_raised", raised);
        metrics.putAll(classes);
        metrics.put("processed", r.processed().size());
        metrics.put("failed", r.failed().size());
        metrics.put("skipped", r.skipped().size());
        metrics.put("recovered", r.recovered().size());
        return metrics;
    }

    /** What the drain worked on: analyses, inputs, models, rules. */
    private RunParams runParams(InboxService.DrainResult r, List<AnalysisSummary> summaries) {
        Set<String> inputs = new LinkedHashSet<>();
        Set<String> models = new LinkedHashSet<>();
        Set<String> rules = new LinkedHashSet<>();
        for (AnalysisSummary summary : summaries) {
            if (summary.inputName() != null) {
                inputs.add(summary.inputName());
            }
            if (summary.scoring() != null) {
                if (summary.scoring().modelVersion() != null) {
                    models.add(summary.scoring().modelVersion());
                }
                if (summary.scoring().guardrailsSource() != null) {
                    rules.add(summary.scoring().guardrailsSource());
                }
            }
        }
        return new RunParams("drain", String.join(",", r.processed()), String.join(",", inputs), String.join(",", models),
                String.join(",", rules), scoring.threads());
    }

    private List<Path> runFiles(InboxService.DrainResult r) {
        List<Path> files = new ArrayList<>();
        for (String id : r.processed()) {
            files.add(folders.resultFile(id));
            files.add(folders.dir("processed").resolve(id + "_results.csv"));
        }
        for (String id : r.failed()) {
            files.add(folders.dir("failed").resolve(id + "_error.json"));
        }
        return files;
    }

    /**
     * Waits until each analysis is processed or failed, whichever process takes it (this one's drain, another command's,
     * an {@code inbox watch} or the GUI): a file still pending, or claimed by a process that ended, gets another drain
     * job here; one another live process is working on is waited for. Returns each id's final state.
     */
    Map<String, String> awaitOutcome(List<String> ids, Progress progress) {
        while (true) {
            Map<String, String> states = new LinkedHashMap<>();
            ids.forEach(id -> states.put(id, folders.stateOnDisk(id)));
            if (!states.containsValue("pending") && !states.containsValue("processing")) {
                return states;
            }
            if (states.containsValue("pending") || folders.hasStaleClaims()) {
                process(null).await();
            } else {
                progress.checkCancelled();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException();
                }
            }
        }
    }
}
