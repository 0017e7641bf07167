package org.riskbench.ui.runs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.riskbench.app.RunComparison;
import org.riskbench.app.RunsService;
import org.riskbench.app.TrackedRun;
import org.riskbench.core.query.QueryException;
import org.riskbench.ui.shell.Fx;

/**
 * State of the Runs screen: the filtered run list (polled while visible), the query with its inline error,
 * chosen param/metric columns, the selected run's artifacts with a preview, and a comparison of the
 * selected runs. Reads go through {@link RunsService} in the background; properties change on the FX thread.
 */
public final class RunsViewModel {
    public static final String ALL = "All";
    static final long POLL_MILLIS = 2000;
    static final int PREVIEW_ROWS = 200;
    private static final int LIMIT = 1000;
    private static final int DEFAULT_METRICS_PER_KIND = 2;

    /** What the preview pane shows. */
    public enum PreviewKind { NONE, CSV, TEXT, IMAGE }

    private final RunsService runs;
    private final ObservableList<RunRow> rows = FXCollections.observableArrayList();
    private final ObservableList<String> kindChoices = FXCollections.observableArrayList(ALL);
    private final ObservableList<String> availableColumns = FXCollections.observableArrayList();
    private final ObservableList<String> chosenColumns = FXCollections.observableArrayList();
    private final StringProperty query = new SimpleStringProperty("");
    private final StringProperty queryError = new SimpleStringProperty("");
    private final StringProperty kindFilter = new SimpleStringProperty(ALL);
    private final ObservableList<String> projectChoices = FXCollections.observableArrayList(ALL);
    private final StringProperty projectFilter = new SimpleStringProperty(ALL);
    private final StringProperty summary = new SimpleStringProperty("");
    private final StringProperty emptyText = new SimpleStringProperty("");
    private final ObjectProperty<RunRow> focused = new SimpleObjectProperty<>();
    private final StringProperty detailTitle = new SimpleStringProperty("");
    private final StringProperty detailText = new SimpleStringProperty("");
    private final ObservableList<TrackedRun.Artifact> artifacts = FXCollections.observableArrayList();
    private final ObjectProperty<TrackedRun.Artifact> selectedArtifact = new SimpleObjectProperty<>();
    private final ObjectProperty<PreviewKind> previewKind = new SimpleObjectProperty<>(PreviewKind.NONE);
    private final ObjectProperty<RunsService.CsvPreview> csvPreview = new SimpleObjectProperty<>();
    private final StringProperty previewText = new SimpleStringProperty("");
    private final ObjectProperty<Path> previewImage = new SimpleObjectProperty<>();
    private final StringProperty previewNote = new SimpleStringProperty("Select a file to preview it.");
    private final ObjectProperty<RunComparison> comparison = new SimpleObjectProperty<>();
    private final ObjectProperty<Throwable> lastError = new SimpleObjectProperty<>();
    /** The kinds of run the default metric columns were picked for (null: none picked yet). */
    private Set<String> columnsPickedFor;
    private boolean columnsChosenByUser;
    private ScheduledFuture<?> poll;

    public RunsViewModel(RunsService runs) {
        this.runs = runs;
        query.addListener((o, a, b) -> refreshNow());
        // the metric columns follow the kinds shown (by this filter, the query or the project), until the user picks columns
        kindFilter.addListener((o, a, b) -> refreshNow());
        projectFilter.addListener((o, a, b) -> refreshNow());
        focused.addListener((o, a, b) -> showDetail(b));
        showDetail(null);
        selectedArtifact.addListener((o, a, b) -> preview(b));
    }

    public void start() {
        if (poll == null) {
            poll = Fx.every(POLL_MILLIS, this::pollOnce);
        }
    }

    public void stop() {
        if (poll != null) {
            poll.cancel(false);
            poll = null;
        }
    }

    /** Parses the query on the FX thread (cheap) so its error shows at once, then lists in the background. */
    void refreshNow() {
        if (!checkQuery()) {
            return;
        }
        String q = queryText();
        String kind = kindText();
        String project = projectText();
        Fx.async(() -> list(q, kind, project), result -> apply(q, kind, project, result), lastError::set);
    }

    private String queryText() {
        return query.get() == null ? "" : query.get();
    }

    private String kindText() {
        return kindFilter.get() == null ? ALL : kindFilter.get();
    }

    private String projectText() {
        return projectFilter.get() == null ? ALL : projectFilter.get();
    }

    private boolean checkQuery() {
        try {
            runs.parse(queryText());
            queryError.set("");
            return true;
        } catch (QueryException e) {
            queryError.set(e.getMessage());
            return false;
        }
    }

    private void pollOnce() {
        String q = queryText();
        String kind = kindText();
        String project = projectText();
        try {
            List<TrackedRun> result = list(q, kind, project);
            Fx.later(() -> apply(q, kind, project, result));
        } catch (QueryException e) {
            // shown inline by refreshNow; nothing to poll until the query parses
        }
    }

    private List<TrackedRun> list(String q, String kind, String project) {
        return runs.list(q, ALL.equals(project) ? null : project, ALL.equals(kind) ? null : kind, LIMIT);
    }

    private void apply(String q, String kind, String project, List<TrackedRun> list) {
        if (!q.equals(queryText()) || !kind.equals(kindText()) || !project.equals(projectText())) {
            return; // the filter changed meanwhile; a newer result is coming
        }
        Instant now = Instant.now();
        Map<String, RunRow> existing = new HashMap<>();
        rows.forEach(r -> existing.put(r.id(), r));
        List<RunRow> ordered = new ArrayList<>(list.size());
        for (TrackedRun run : list) {
            RunRow row = existing.get(run.id());
            if (row == null) {
                row = new RunRow(run);
            } else {
                row.update(run, now);
            }
            ordered.add(row);
        }
        if (!ordered.equals(rows)) {
            rows.setAll(ordered);
        }
        list.stream().map(TrackedRun::kind).distinct().filter(k -> !kindChoices.contains(k)).forEach(kindChoices::add);
        list.stream().map(TrackedRun::project).filter(java.util.Objects::nonNull).distinct()
                .filter(p -> !projectChoices.contains(p)).forEach(projectChoices::add);
        updateColumns(list);
        long running = list.stream().filter(r -> "running".equals(r.status())).count();
        long failed = list.stream().filter(r -> "failed".equals(r.status())).count();
        summary.set(list.size() + (list.size() == 1 ? " run" : " runs") + " shown · " + running + " running · " + failed + " failed");
        boolean filtered = !q.isBlank() || !ALL.equals(kind) || !ALL.equals(project);
        emptyText.set(filtered ? "No run matches this filter. Clear the query or pick another kind or project."
                : "No runs yet. Every scenario run and replay is tracked here, from this window or the command line,\n"
                + "for example: riskbench scenario run --config sample-data/scenarios/synthetic.json");
        if (focused.get() != null && existing.containsKey(focused.get().id())) {
            refreshDetailIfChanged(focused.get());
        }
    }

    private void updateColumns(List<TrackedRun> list) {
        Set<String> kindsShown = new LinkedHashSet<>();
        list.forEach(r -> kindsShown.add(r.kind()));
        if (!columnsChosenByUser && !list.isEmpty() && !kindsShown.equals(columnsPickedFor)) {
            // a replay filter showed the inference columns it started with: the columns follow what is shown
            columnsPickedFor = kindsShown;
            List<String> chosen = new ArrayList<>();
            // The first telling metrics of each kind (not counts, seeds, ids or timings), so the first look shows numbers.
            Map<String, List<String>> perKind = new LinkedHashMap<>();
            // one kind shown: room for more of its metrics
            int perKindLimit = list.stream().map(TrackedRun::kind).distinct().count() == 1 ? 2 * DEFAULT_METRICS_PER_KIND
                    : DEFAULT_METRICS_PER_KIND;
            for (TrackedRun run : list) {
                List<String> picked = perKind.computeIfAbsent(run.kind(), k -> new ArrayList<>());
                run.metrics().keySet().stream().filter(RunsViewModel::telling).filter(k -> !picked.contains(k))
                        .limit(Math.max(0, perKindLimit - picked.size())).forEach(picked::add);
            }
            perKind.values().forEach(picked -> picked.forEach(k -> {
                if (!chosen.contains("metrics." + k)) {
                    chosen.add("metrics." + k);
                }
            }));
            if (!chosen.equals(chosenColumns)) {
                chosenColumns.setAll(chosen);
            }
        }
        Set<String> keys = new LinkedHashSet<>();
        RunsService.keys(list, true).forEach(k -> keys.add("metrics." + k));
        RunsService.keys(list, false).forEach(k -> keys.add("params." + k));
        keys.addAll(chosenColumns);
        if (!new ArrayList<>(keys).equals(availableColumns)) {
            availableColumns.setAll(keys);
        }
    }

    private static boolean telling(String metric) {
        return !(metric.startsWith("num_") || metric.startsWith("n_") || metric.equals("seed") || metric.endsWith("_id")
                || metric.contains("runtime"));
    }

    private String shownDetailOf;

    private void refreshDetailIfChanged(RunRow row) {
        String key = row.run().status() + row.run().artifacts().size();
        if (!key.equals(shownDetailOf)) {
            showDetail(row);
        }
    }

    private void showDetail(RunRow row) {
        if (row == null) {
            shownDetailOf = null;
            detailTitle.set("No run selected");
            detailText.set("Select a run to see its parameters, metrics and files;\nselect two or more and press Compare.");
            artifacts.clear();
            selectedArtifact.set(null);
            return;
        }
        TrackedRun run = row.run();
        shownDetailOf = run.status() + run.artifacts().size();
        detailTitle.set(run.id() + "  ·  " + run.kind() + "  ·  " + run.status());
        StringBuilder text = new StringBuilder();
        text.append("name     ").append(run.name() == null ? "" : run.name()).append('\n');
        text.append("output   ").append(run.outputDir() == null ? "" : run.outputDir()).append('\n');
        if (run.errorMessage() != null) {
            text.append("error    ").append(run.errorMessage()).append('\n');
        }
        text.append("\nmetrics\n");
        run.metrics().forEach((k, v) -> text.append("  ").append(k).append(" = ").append(RunsService.text(v)).append('\n'));
        text.append("\nparams\n");
        run.params().forEach((k, v) -> text.append("  ").append(k).append(" = ").append(RunsService.text(v)).append('\n'));
        detailText.set(text.toString());
        TrackedRun.Artifact before = selectedArtifact.get();
        artifacts.setAll(run.artifacts());
        if (before != null && run.artifacts().stream().noneMatch(a -> a.path().equals(before.path()))) {
            selectedArtifact.set(null);
        }
    }

    private void preview(TrackedRun.Artifact artifact) {
        csvPreview.set(null);
        previewText.set("");
        previewImage.set(null);
        RunRow row = focused.get();
        if (artifact == null || row == null) {
            previewKind.set(PreviewKind.NONE);
            previewNote.set("Select a file to preview it.");
            return;
        }
        Path file = row.run().resolve(artifact);
        switch (artifact.previewKind()) {
            case "csv" -> Fx.async(() -> runs.previewCsv(file, PREVIEW_ROWS), p -> {
                csvPreview.set(p);
                previewNote.set(p.truncated() ? "First " + PREVIEW_ROWS + " rows of " + artifact.path() : artifact.path());
                previewKind.set(PreviewKind.CSV);
            }, this::previewFailed);
            case "json" -> Fx.async(() -> runs.previewJson(file), t -> {
                previewText.set(t.text());
                previewNote.set(t.truncated()
                        ? String.format(Locale.ROOT, "First %d KB of %s (%,.1f MB); use Open for the whole file",
                                RunsService.JSON_PREVIEW_BYTES / 1024, artifact.path(), t.sizeBytes() / 1e6)
                        : artifact.path());
                previewKind.set(PreviewKind.TEXT);
            }, this::previewFailed);
            case "png" -> {
                previewImage.set(file);
                previewNote.set(artifact.path());
                previewKind.set(PreviewKind.IMAGE);
            }
            default -> {
                previewKind.set(PreviewKind.NONE);
                previewNote.set("No preview for " + artifact.path() + "; use Open.");
            }
        }
    }

    private void previewFailed(Throwable error) {
        previewKind.set(PreviewKind.NONE);
        previewNote.set(error.getMessage());
    }

    /** Compares the given rows (two or more) in the background. */
    public void compare(List<RunRow> selection) {
        List<String> ids = selection.stream().map(RunRow::id).toList();
        if (ids.size() < 2) {
            return;
        }
        Fx.async(() -> runs.compare(ids), comparison::set, lastError::set);
    }

    /** The absolute path of the selected artifact, or null. */
    public Path selectedArtifactPath() {
        RunRow row = focused.get();
        TrackedRun.Artifact a = selectedArtifact.get();
        return row == null || a == null ? null : row.run().resolve(a);
    }

    public ObservableList<RunRow> rows() {
        return rows;
    }

    public ObservableList<String> kindChoices() {
        return kindChoices;
    }

    public ObservableList<String> availableColumns() {
        return availableColumns;
    }

    /** The user shows or hides a column: from now on the columns are theirs, not the kind filter's. */
    public void chooseColumn(String key, boolean shown) {
        columnsChosenByUser = true;
        if (shown && !chosenColumns.contains(key)) {
            chosenColumns.add(key);
        } else if (!shown) {
            chosenColumns.remove(key);
        }
    }

    public ObservableList<String> chosenColumns() {
        return chosenColumns;
    }

    public StringProperty queryProperty() {
        return query;
    }

    public StringProperty queryErrorProperty() {
        return queryError;
    }

    public StringProperty kindFilterProperty() {
        return kindFilter;
    }

    public ObservableList<String> projectChoices() {
        return projectChoices;
    }

    /** Shows only the runs of one project (a choice of the Project filter from then on). */
    public void showProject(String name) {
        if (name != null && !projectChoices.contains(name)) {
            projectChoices.add(name);   // before the value, so the combo box shows it
        }
        // all the project's runs: an earlier query or kind would hide a new project's first run
        query.set("");
        kindFilter.set(ALL);
        projectFilter.set(name == null ? ALL : name);
    }

    /** The project whose runs are shown ({@link #ALL} for every run). */
    public StringProperty projectFilterProperty() {
        return projectFilter;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public StringProperty emptyTextProperty() {
        return emptyText;
    }

    public ObjectProperty<RunRow> focusedProperty() {
        return focused;
    }

    public StringProperty detailTitleProperty() {
        return detailTitle;
    }

    public StringProperty detailTextProperty() {
        return detailText;
    }

    public ObservableList<TrackedRun.Artifact> artifacts() {
        return artifacts;
    }

    public ObjectProperty<TrackedRun.Artifact> selectedArtifactProperty() {
        return selectedArtifact;
    }

    public ObjectProperty<PreviewKind> previewKindProperty() {
        return previewKind;
    }

    public ObjectProperty<RunsService.CsvPreview> csvPreviewProperty() {
        return csvPreview;
    }

    public StringProperty previewTextProperty() {
        return previewText;
    }

    public ObjectProperty<Path> previewImageProperty() {
        return previewImage;
    }

    public StringProperty previewNoteProperty() {
        return previewNote;
    }

    public ObjectProperty<RunComparison> comparisonProperty() {
        return comparison;
    }

    public ObjectProperty<Throwable> lastErrorProperty() {
        return lastError;
    }
}
