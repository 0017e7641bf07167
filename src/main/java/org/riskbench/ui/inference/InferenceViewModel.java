package org.riskbench.ui.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.riskbench.app.InboxService;
import org.riskbench.app.ScoringStage;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.core.model.JobRecord;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.Problem;
import org.riskbench.jobs.JobHandle;
import org.riskbench.ui.shell.ErrorDialog;
import org.riskbench.ui.shell.Fx;

/**
 * State of the Inference screen: dropped files inspected one after another in the background, the preview of
 * the selected one, "Confirm" (submit then process as an {@code inference} job), and the inbox polled while
 * the screen is visible. Properties change on the FX thread only; every service call runs through {@link Fx}.
 */
public final class InferenceViewModel {
    static final long POLL_MILLIS = 1000;

    private final InboxService inbox;
    private final ResultsViewModel results;
    private final ObservableList<UploadItem> files = FXCollections.observableArrayList();
    private final ObjectProperty<UploadItem> selected = new SimpleObjectProperty<>();
    private final IntegerProperty previewSelection = new SimpleIntegerProperty(-1);
    private final StringProperty previewNote = new SimpleStringProperty("");
    private final ObservableList<InboxService.Entry> inboxEntries = FXCollections.observableArrayList();
    private final StringProperty inboxSummary = new SimpleStringProperty("");
    private final StringProperty processed = new SimpleStringProperty();
    private final ObjectProperty<InboxService.Entry> selectedEntry = new SimpleObjectProperty<>();
    private final StringProperty resultText = new SimpleStringProperty("");
    private final ObjectProperty<Throwable> lastError = new SimpleObjectProperty<>();
    private final BooleanBinding canConfirm;
    private boolean inspecting;
    private ScheduledFuture<?> poll;

    private final ScoringStage scoring;
    private final org.riskbench.app.SparkInference sparkInference;
    private final Path workspaceRoot;
    private final org.riskbench.ui.shell.RunOn runOn;
    private final StringProperty rulesSource = new SimpleStringProperty(ScoringStage.BUNDLED_RULES);
    private final StringProperty rulesError = new SimpleStringProperty("");

    public InferenceViewModel(InboxService inbox, org.riskbench.app.ModelService models, ScoringStage scoring,
                              org.riskbench.app.SparkInference sparkInference, Path workspaceRoot) {
        this.inbox = inbox;
        this.scoring = scoring;
        this.sparkInference = sparkInference;
        this.workspaceRoot = workspaceRoot;
        this.runOn = new org.riskbench.ui.shell.RunOn(workspaceRoot);
        rulesSource.set(scoring.guardrailsSource());
        this.results = new ResultsViewModel(inbox, models);
        canConfirm = Bindings.createBooleanBinding(() -> selected.get() != null
                && selected.get().stateProperty().get() == UploadItem.State.ACCEPTED, selected);
        selected.addListener((o, before, after) -> {
            previewSelection.set(-1);
            previewNote.set("");
            canConfirm.invalidate();
        });
    }

    // ---- guardrail rules ---------------------------------------------------------------------------

    /** Scores the next files with the rules of a YAML file, checked first: a bad file keeps the current rules. */
    public void useRules(Path file) {
        Fx.async(() -> {
            scoring.useGuardrails(file);
            return scoring.guardrailsSource();
        }, source -> {
            rulesSource.set(source);
            rulesError.set("");
        }, error -> rulesError.set(ErrorDialog.userMessage(error)));
    }

    /** Back to the bundled rules. */
    public void useBundledRules() {
        scoring.useBundledGuardrails();
        rulesSource.set(scoring.guardrailsSource());
        rulesError.set("");
    }

    /** {@link ScoringStage#BUNDLED_RULES} or the rules file in use. */
    public StringProperty rulesSourceProperty() {
        return rulesSource;
    }

    /** Why the last chosen rules file was refused (empty when it was not). */
    public StringProperty rulesErrorProperty() {
        return rulesError;
    }

    // ---- upload -------------------------------------------------------------------------------------

    /** Files dropped on the window or the drop zone, or chosen: inspected one after another. */
    public void filesDropped(List<Path> paths) {
        UploadItem first = null;
        for (Path p : paths) {
            UploadItem item = new UploadItem(p.toAbsolutePath());
            item.stateProperty().addListener((o, a, b) -> canConfirm.invalidate());
            files.add(item);
            if (first == null) {
                first = item;
            }
        }
        if (first != null) {
            selected.set(first);
        }
        inspectNext();
    }

    private void inspectNext() {
        if (inspecting) {
            return;
        }
        UploadItem next = files.stream().filter(i -> i.stateProperty().get() == UploadItem.State.WAITING).findFirst().orElse(null);
        if (next == null) {
            return;
        }
        inspecting = true;
        next.set(UploadItem.State.INSPECTING, "Reading and checking every row…");
        Path path = next.path();
        Fx.async(() -> {
            if (!Files.isRegularFile(path)) {
                throw new org.riskbench.core.InputException(path.getFileName() + " is not a readable file");
            }
            return inbox.inspect(path, IntakeOptions.transactions(), progressOf(next));
        }, report -> {
            next.reportProperty().set(report);
            next.progressProperty().set(1);
            if (report.accepted()) {
                next.set(UploadItem.State.ACCEPTED, acceptedSentence(report));
            } else {
                next.set(UploadItem.State.REFUSED, "Refused: " + report.refusal());
            }
            inspecting = false;
            inspectNext();
        }, error -> {
            next.set(UploadItem.State.ERROR, "Cannot inspect " + next.name() + ": " + ErrorDialog.userMessage(error));
            inspecting = false;
            inspectNext();
        });
    }

    static String acceptedSentence(InspectionReport r) {
        long warnings = r.problems().stream().filter(p -> p.severity() == Problem.Severity.WARNING).count();
        long bad = r.badRows();
        StringBuilder s = new StringBuilder("Accepted: ").append(String.format(Locale.ROOT, "%,d", r.dataRows()))
                .append(" rows and ").append(r.columns().size()).append(" columns can be enriched");
        if (bad > 0) {
            s.append("; ").append(bad).append(bad == 1 ? " unreadable row is" : " unreadable rows are").append(" skipped");
        }
        if (warnings > 0) {
            s.append(" (").append(warnings).append(warnings == 1 ? " warning" : " warnings").append(" to review)");
        }
        return s.append('.').toString();
    }

    /** Progress reports of background work, forwarded to the item on the FX thread. */
    private static Progress progressOf(UploadItem item) {
        return new Progress() {
            private volatile long lastReport;

            @Override
            public void report(double fraction, String message) {
                long now = System.nanoTime();
                if (now - lastReport > 100_000_000L || fraction >= 1) {
                    lastReport = now;
                    Fx.later(() -> item.progressProperty().set(fraction));
                }
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
    }

    /** Confirms the selected, accepted file: enriches it into the inbox and processes it as a job. */
    public void confirm() {
        UploadItem item = selected.get();
        if (item == null || item.stateProperty().get() != UploadItem.State.ACCEPTED) {
            return;
        }
        if (runOn.sparkProperty().get()) {
            confirmOnSpark(item);
            return;
        }
        item.progressProperty().set(0);
        item.set(UploadItem.State.SUBMITTING, "Enriching and queueing…");
        Fx.async(() -> {
            InboxService.Submission submission = inbox.submit(item.path(), IntakeOptions.defaults(), progressOf(item));
            JobHandle job = inbox.process(InboxService.KIND + "-" + submission.analysisId());
            return Map.entry(submission, job);
        }, queued -> {
            String id = queued.getKey().analysisId();
            item.setAnalysisId(id);
            item.progressProperty().set(-1);
            item.set(UploadItem.State.QUEUED, "Queued as " + id + "; processing in job " + queued.getValue().id() + "…");
            refreshInbox();
            queued.getValue().completion().whenComplete((record, error) -> finished(item, id, record, error));
        }, error -> {
            item.progressProperty().set(0);
            item.set(UploadItem.State.ACCEPTED, "Not queued: " + ErrorDialog.userMessage(error));
            lastError.set(error);
        });
    }

    /** This computer or Spark, for the next Confirm. */
    public org.riskbench.ui.shell.RunOn runOn() {
        return runOn;
    }

    /**
     * Confirm with "Run on: Spark": the file scored as a Spark application (as {@code riskbench infer --spark}), its
     * results as CSV and Parquet parts in the job's folder under runs/, tracked as an inference run.
     */
    private void confirmOnSpark(UploadItem item) {
        item.progressProperty().set(-1);
        item.set(UploadItem.State.SUBMITTING, "Submitting to Spark…");
        Path file = item.path();
        Fx.async(() -> {
            String jobId = org.riskbench.jobs.JobService.newId(org.riskbench.app.SparkInference.KIND);
            Path out = workspaceRoot.resolve("runs").resolve(jobId);
            return Map.entry(out, sparkInference.submit(new org.riskbench.app.SparkInference.Request(file.toAbsolutePath().toString(),
                    out.toString(), null, scoring.guardrailsFile().orElse(null),
                    org.riskbench.engine.intake.IntakeOptions.DEFAULT_MAX_BAD_RATIO,
                    org.riskbench.engine.intake.IntakeOptions.DEFAULT_SIZE_LIMIT / (1024 * 1024), jobId), runOn.target(true)));
        }, queued -> {
            JobHandle job = queued.getValue();
            item.set(UploadItem.State.QUEUED, "Running on Spark as job " + job.id() + " (its application in Jobs)…");
            job.completion().whenComplete((record, error) -> Fx.later(() -> {
                item.progressProperty().set(1);
                String failure = error != null ? ErrorDialog.userMessage(error)
                        : record != null && record.errorMessage() != null ? record.errorMessage() : null;
                if (failure == null && record != null && record.status() == org.riskbench.core.model.JobStatus.SUCCEEDED) {
                    item.set(UploadItem.State.PROCESSED, "Scored on Spark in job " + job.id() + "; results in " + queued.getKey());
                } else {
                    item.set(UploadItem.State.FAILED, "Failed on Spark (job " + job.id() + "): "
                            + (failure == null ? (record == null ? "ended" : record.status().dbName()) : failure));
                }
            }));
        }, error -> {
            item.progressProperty().set(0);
            item.set(UploadItem.State.ACCEPTED, "Not submitted: " + ErrorDialog.userMessage(error));
        });
    }

    /** Called on the job's thread when the drain job ends: reads the file's state, then updates the item. */
    private void finished(UploadItem item, String id, JobRecord record, Throwable error) {
        String state;
        String detail = "";
        try {
            state = inbox.stateOnDisk(id);
            if ("failed".equals(state)) {
                detail = inbox.list().stream().filter(e -> e.analysisId().equals(id)).map(InboxService.Entry::error)
                        .filter(m -> m != null).findFirst().orElse("");
            }
        } catch (RuntimeException e) {
            state = "unknown";
            detail = ErrorDialog.userMessage(e);
        }
        String jobError = error != null ? ErrorDialog.userMessage(error)
                : record != null && record.errorMessage() != null ? record.errorMessage() : "";
        String finalState = state;
        String finalDetail = detail.isEmpty() ? jobError : detail;
        Fx.later(() -> {
            item.progressProperty().set(1);
            switch (finalState) {
                case "processed" -> {
                    item.set(UploadItem.State.PROCESSED, "Processed as " + id + "; its results are open in the Results tab.");
                    if (item == selected.get()) {
                        results.open(id);
                        processed.set(null);
                        processed.set(id);
                    }
                }
                case "failed" -> item.set(UploadItem.State.FAILED, "Failed (" + id + "): " + finalDetail);
                default -> item.set(UploadItem.State.QUEUED, "Queued as " + id + " (" + finalState + ")"
                        + (finalDetail.isEmpty() ? "." : ": " + finalDetail));
            }
            refreshInbox();
        });
    }

    /** A click on a problem: select its line in the preview, or say why it cannot. */
    public void problemSelected(Problem problem) {
        UploadItem item = selected.get();
        InspectionReport report = item == null ? null : item.reportProperty().get();
        if (problem == null || report == null) {
            return;
        }
        if (problem.line() <= 0) {
            previewSelection.set(-1);
            previewNote.set("This problem concerns the whole file, not one line.");
            return;
        }
        List<InspectionReport.PreviewRow> rows = report.preview();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).line() == problem.line()) {
                previewSelection.set(i);
                previewNote.set("Line " + problem.line() + " selected in the preview.");
                return;
            }
        }
        previewSelection.set(-1);
        if (problem.line() == 1 || !rows.isEmpty() && problem.line() < rows.get(0).line()) {
            previewNote.set("Line " + problem.line() + " is the header, above the preview rows.");
        } else if (rows.isEmpty() || problem.line() > rows.get(rows.size() - 1).line()) {
            previewNote.set("Line " + problem.line() + " is beyond the preview (the first " + rows.size()
                    + " rows, up to line " + (rows.isEmpty() ? 1 : rows.get(rows.size() - 1).line()) + ").");
        } else {
            previewNote.set("Line " + problem.line() + " could not be read as a row, so the preview does not show it.");
        }
    }

    /** Removes finished or refused files from the list. */
    public void clearDone() {
        files.removeIf(i -> switch (i.stateProperty().get()) {
            case REFUSED, ERROR, PROCESSED, FAILED -> true;
            default -> false;
        });
        if (selected.get() != null && !files.contains(selected.get())) {
            selected.set(files.isEmpty() ? null : files.get(0));
        }
    }

    // ---- inbox --------------------------------------------------------------------------------------

    /** Starts polling the inbox (the screen is visible). */
    public void start() {
        if (poll == null) {
            poll = Fx.every(POLL_MILLIS, () -> {
                List<InboxService.Entry> entries = inbox.list();
                Fx.later(() -> applyInbox(entries));
            });
        }
    }

    /** Stops polling (the screen is hidden). */
    public void stop() {
        if (poll != null) {
            poll.cancel(false);
            poll = null;
        }
    }

    public void refreshInbox() {
        Fx.async(inbox::list, this::applyInbox, lastError::set);
    }

    private void applyInbox(List<InboxService.Entry> entries) {
        if (!entries.equals(new ArrayList<>(inboxEntries))) {
            inboxEntries.setAll(entries);
        }
        long pending = entries.stream().filter(e -> "pending".equals(e.state()) || "processing".equals(e.state())).count();
        long processed = entries.stream().filter(e -> "processed".equals(e.state())).count();
        long failed = entries.stream().filter(e -> "failed".equals(e.state())).count();
        inboxSummary.set(pending + " pending · " + processed + " processed · " + failed + " failed");
    }

    /** Puts the selected failed analysis back into pending and processes it again. */
    public void retrySelected() {
        InboxService.Entry entry = selectedEntry.get();
        if (entry == null || !"failed".equals(entry.state())) {
            return;
        }
        Fx.async(() -> {
            inbox.retry(entry.analysisId());
            return inbox.process(null);
        }, job -> refreshInbox(), lastError::set);
    }

    /**
     * Opens the selected processed analysis in the Results tab; the inbox's side pane shows its summary
     * (the JSON without the per-row list, which the Results tab shows as a table). Returns false when none is.
     */
    public boolean openSelectedResult() {
        InboxService.Entry entry = selectedEntry.get();
        if (entry == null || !"processed".equals(entry.state())) {
            return false;
        }
        results.open(entry.analysisId());
        resultText.set("Reading " + entry.analysisId() + ".json…");
        Fx.async(() -> Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(inbox.resultSummary(entry.analysisId())),
                resultText::set, error -> resultText.set("Cannot read the result of " + entry.analysisId() + ": "
                        + ErrorDialog.userMessage(error)));
        return true;
    }

    // ---- properties ---------------------------------------------------------------------------------

    /** The analysis whose results were just opened because its confirmed file was processed. */
    public StringProperty processedProperty() {
        return processed;
    }

    public ResultsViewModel results() {
        return results;
    }

    public ObservableList<UploadItem> files() {
        return files;
    }

    public ObjectProperty<UploadItem> selectedProperty() {
        return selected;
    }

    /** Index in the preview rows of the line a clicked problem points to, or -1. */
    public IntegerProperty previewSelectionProperty() {
        return previewSelection;
    }

    public StringProperty previewNoteProperty() {
        return previewNote;
    }

    public BooleanBinding canConfirmBinding() {
        return canConfirm;
    }

    public ObservableList<InboxService.Entry> inboxEntries() {
        return inboxEntries;
    }

    public StringProperty inboxSummaryProperty() {
        return inboxSummary;
    }

    public ObjectProperty<InboxService.Entry> selectedEntryProperty() {
        return selectedEntry;
    }

    public StringProperty resultTextProperty() {
        return resultText;
    }

    public ObjectProperty<Throwable> lastErrorProperty() {
        return lastError;
    }
}
