package org.riskbench.ui.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.riskbench.core.Json;
import org.riskbench.core.model.JobLogLine;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.jobs.JobService;
import org.riskbench.ui.shell.Fx;

/**
 * State of the Jobs screen. Polls the job service in the background (jobs of every process using the
 * workspace) and applies the snapshot on the FX thread; commands run off the FX thread too.
 */
public final class JobsViewModel {
    public static final String ALL = "All";
    static final long POLL_MILLIS = 500;
    private static final int LIMIT = 500;
    private static final int LOG_LINES = 200;

    private final JobService jobs;
    private final ObservableList<JobRow> rows = FXCollections.observableArrayList();
    private final ObservableList<String> statusChoices = FXCollections.observableArrayList();
    private final ObservableList<String> kindChoices = FXCollections.observableArrayList(ALL);
    private final StringProperty statusFilter = new SimpleStringProperty(ALL);
    private final StringProperty kindFilter = new SimpleStringProperty(ALL);
    /** The sphere label of scenario jobs (scenario run --sphere), as the Leto worker's users filter their jobs. */
    private final ObservableList<String> sphereChoices = FXCollections.observableArrayList(ALL);
    private final StringProperty sphereFilter = new SimpleStringProperty(ALL);
    private final ObjectProperty<JobRow> selected = new SimpleObjectProperty<>();
    private final StringProperty detailTitle = new SimpleStringProperty("");
    private final StringProperty detailParams = new SimpleStringProperty("");
    private final StringProperty detailResult = new SimpleStringProperty("");
    private final StringProperty detailError = new SimpleStringProperty("");
    private final StringProperty detailLog = new SimpleStringProperty("");
    private final StringProperty detailOutput = new SimpleStringProperty("");
    private final StringProperty detailSpark = new SimpleStringProperty("");
    private final BooleanProperty canCancel = new SimpleBooleanProperty();
    private final BooleanProperty canRetry = new SimpleBooleanProperty();
    private final StringProperty summary = new SimpleStringProperty("");
    private final ObjectProperty<Throwable> lastError = new SimpleObjectProperty<>();
    private ScheduledFuture<?> poll;

    private final java.util.concurrent.Callable<List<String>> samplesRunner;

    public JobsViewModel(JobService jobs, java.util.concurrent.Callable<List<String>> samplesRunner) {
        this.jobs = jobs;
        this.samplesRunner = samplesRunner;
        statusChoices.add(ALL);
        for (JobStatus s : JobStatus.values()) {
            statusChoices.add(s.dbName());
        }
        kindChoices.addAll(jobs.kinds());
        statusFilter.addListener((o, a, b) -> refreshNow());
        kindFilter.addListener((o, a, b) -> refreshNow());
        sphereChoices.addAll(org.riskbench.app.ScenarioService.SPHERES);
        sphereFilter.addListener((o, a, b) -> refreshNow());
        selected.addListener((o, a, b) -> refreshNow());
    }

    /** Starts polling (the screen is visible). */
    public void start() {
        if (poll == null) {
            poll = Fx.every(POLL_MILLIS, this::pollOnce);
        }
    }

    /** Stops polling (the screen is hidden). */
    public void stop() {
        if (poll != null) {
            poll.cancel(false);
            poll = null;
        }
    }

    private void refreshNow() {
        Fx.async(this::snapshot, this::apply, lastError::set);
    }

    private void pollOnce() {
        Snapshot snapshot = snapshot();
        Fx.later(() -> apply(snapshot));
    }

    /** What one refresh reads from the store (background thread). */
    record Snapshot(List<JobRecord> jobs, JobRecord detail, List<JobLogLine> log, String status, String kind, String sphere) {
    }

    private Snapshot snapshot() {
        String status = statusFilter.get();
        String kind = kindFilter.get();
        String sphere = sphereFilter.get();
        List<JobStatus> statuses = ALL.equals(status) ? List.of() : List.of(JobStatus.fromDb(status));
        List<JobRecord> list = jobs.list(statuses, ALL.equals(kind) ? null : kind, ALL.equals(sphere) ? null : sphere, LIMIT);
        JobRow sel = selected.get();
        JobRecord detail = null;
        List<JobLogLine> log = List.of();
        if (sel != null) {
            detail = jobs.find(sel.id()).orElse(null);
            log = detail == null ? List.of() : jobs.logTail(sel.id(), LOG_LINES);
        }
        return new Snapshot(list, detail, log, status, kind, sphere);
    }

    private void apply(Snapshot snapshot) {
        if (!snapshot.status().equals(statusFilter.get()) || !snapshot.kind().equals(kindFilter.get())
                || !snapshot.sphere().equals(sphereFilter.get())) {
            return; // a filter changed while this snapshot was read; a newer one is on its way
        }
        Instant now = Instant.now();
        Map<String, JobRow> existing = new HashMap<>();
        rows.forEach(r -> existing.put(r.id(), r));
        List<JobRow> ordered = new ArrayList<>(snapshot.jobs().size());
        for (JobRecord record : snapshot.jobs()) {
            JobRow row = existing.get(record.id());
            if (row == null) {
                row = new JobRow(record, now);
            } else {
                row.update(record, now);
            }
            ordered.add(row);
        }
        if (!sameOrder(ordered)) {
            rows.setAll(ordered);
        }
        Set<String> kinds = new LinkedHashSet<>(kindChoices);
        snapshot.jobs().forEach(j -> kinds.add(j.kind()));
        if (kinds.size() != kindChoices.size()) {
            kindChoices.setAll(kinds);
        }
        long running = snapshot.jobs().stream().filter(j -> j.status() == JobStatus.RUNNING).count();
        long failed = snapshot.jobs().stream().filter(j -> j.status() == JobStatus.FAILED).count();
        summary.set(snapshot.jobs().size() + (snapshot.jobs().size() == 1 ? " job" : " jobs") + " shown · " + running + " running · " + failed + " failed");
        applyDetail(snapshot.detail(), snapshot.log());
    }

    private boolean sameOrder(List<JobRow> ordered) {
        if (ordered.size() != rows.size()) {
            return false;
        }
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i) != rows.get(i)) {
                return false;
            }
        }
        return true;
    }

    private void applyDetail(JobRecord job, List<JobLogLine> log) {
        if (job == null || selected.get() == null || !job.id().equals(selected.get().id())) {
            if (selected.get() == null) {
                detailTitle.set("");
                detailParams.set("");
                detailResult.set("");
                detailError.set("");
                detailLog.set("");
                detailOutput.set("");
                detailSpark.set("");
                canCancel.set(false);
                canRetry.set(false);
            }
            return;
        }
        detailTitle.set(job.id() + "  ·  " + job.kind() + "  ·  " + job.status().dbName()
                + (job.attempt() > 1 ? "  ·  attempt " + job.attempt() : ""));
        detailParams.set(prettyJson(job.paramsJson()));
        detailResult.set(job.resultJson() == null ? "" : prettyJson(job.resultJson()));
        detailError.set(job.errorMessage() == null ? "" : job.errorMessage());
        detailOutput.set(job.outputDir() == null ? "" : job.outputDir());
        String spark = org.riskbench.app.SparkJobLine.of(job);
        detailSpark.set(spark == null ? "" : "Spark application " + spark);
        String text = log.stream()
                .map(l -> LOG_TIME.format(l.at()) + "  " + l.level() + "  " + l.message())
                .collect(Collectors.joining("\n"));
        if (!text.equals(detailLog.get())) {
            detailLog.set(text);
        }
        canCancel.set(!job.status().isTerminal());
        canRetry.set(job.status() == JobStatus.FAILED || job.status() == JobStatus.CANCELLED);
    }

    private static final java.time.format.DateTimeFormatter LOG_TIME =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(java.time.ZoneId.systemDefault());

    private static String prettyJson(String json) {
        try {
            return Json.pretty(Json.MAPPER.readTree(json));
        } catch (java.io.IOException e) {
            return json;
        }
    }

    /** Cancels the selected job (also one run by another process). */
    public void cancelSelected() {
        JobRow row = selected.get();
        if (row != null) {
            Fx.async(() -> jobs.cancel(row.id()), s -> refreshNow(), lastError::set);
        }
    }

    /** First run: copies the sample inputs into the workspace and queues one job of each kind on them. */
    public void runSamples() {
        Fx.async(samplesRunner, ids -> refreshNow(), lastError::set);
    }

    /** Retries the selected job as a new attempt in this process and selects the new job. */
    public void retrySelected() {
        JobRow row = selected.get();
        if (row != null) {
            Fx.async(() -> jobs.retry(row.id()).id(), newId -> refreshNow(), lastError::set);
        }
    }

    static String formatDuration(Duration d) {
        if (d == null) {
            return "";
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%dm %02ds", ms / 60_000, (ms / 1000) % 60);
    }

    public ObservableList<JobRow> rows() {
        return rows;
    }

    public ObservableList<String> statusChoices() {
        return statusChoices;
    }

    public ObservableList<String> kindChoices() {
        return kindChoices;
    }

    public StringProperty statusFilterProperty() {
        return statusFilter;
    }

    public StringProperty kindFilterProperty() {
        return kindFilter;
    }

    public ObservableList<String> sphereChoices() {
        return sphereChoices;
    }

    public StringProperty sphereFilterProperty() {
        return sphereFilter;
    }

    public ObjectProperty<JobRow> selectedProperty() {
        return selected;
    }

    public StringProperty detailTitleProperty() {
        return detailTitle;
    }

    public StringProperty detailParamsProperty() {
        return detailParams;
    }

    public StringProperty detailResultProperty() {
        return detailResult;
    }

    public StringProperty detailErrorProperty() {
        return detailError;
    }

    public StringProperty detailLogProperty() {
        return detailLog;
    }

    public StringProperty detailOutputProperty() {
        return detailOutput;
    }

    /** For a job run on Spark: its application's id, state, UI address and master; empty otherwise. */
    public StringProperty detailSparkProperty() {
        return detailSpark;
    }

    public BooleanProperty canCancelProperty() {
        return canCancel;
    }

    public BooleanProperty canRetryProperty() {
        return canRetry;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public ObjectProperty<Throwable> lastErrorProperty() {
        return lastError;
    }
}
