package org.riskbench.ui.calibration;

import org.riskbench.engine.calibration.ScoreHeatMap;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import org.riskbench.app.CalibrationArtifactsReader;
import org.riskbench.app.CalibrationRunView;
import org.riskbench.app.CalibrationService;
import org.riskbench.app.CalibrationService.CalibrationOptions;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.RunRecord;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.calibration.Grid;
import org.riskbench.engine.calibration.HardConstraints;
import org.riskbench.engine.calibration.ObjectiveWeights;
import org.riskbench.jobs.JobService;
import org.riskbench.ui.shell.ErrorDialog;
import org.riskbench.ui.shell.Fx;
import org.riskbench.ui.shell.LatestLoad;
import org.riskbench.ui.shell.ScreenJob;
import org.riskbench.ui.shell.RunOn;

/**
 * State of the Calibration screen: the inputs (series, profile, grid rows validated as typed, weights,
 * constraints, top-K), the running calibration job (polled with {@link Fx#every}), and the explorer over a
 * loaded run (filtered table, heat-map axes, the selected point and its patch as YAML).
 */
public final class CalibrationViewModel {
    /** The weights of docs/spec/calibration.md when neither the option nor the profile gives any. */
    public static final String DEFAULT_WEIGHTS = ObjectiveWeights.DEFAULTS.asMap().entrySet().stream()
            .map(e -> e.getKey() + "=" + plain(e.getValue())).collect(Collectors.joining(","));
    public static final String DEFAULT_PROFILE = "default";
    static final long POLL_MILLIS = 200;
    private static final int RUNS_LIMIT = 50;

    private final CalibrationService service;
    private final RunOn runOn;
    private final BiConsumer<Path, AcceptanceProfile> openInAcceptance;

    private final ObjectProperty<Path> seriesFile = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> profileFile = new SimpleObjectProperty<>();
    private final ObservableList<String> profileNames = FXCollections.observableArrayList();
    private final StringProperty profileName = new SimpleStringProperty();
    private final ObservableList<GridRow> gridRows = FXCollections.observableArrayList(
            r -> new Observable[] {r.pathProperty(), r.valuesProperty()});
    private final StringProperty gridMessage = new SimpleStringProperty("");
    private final BooleanProperty gridValid = new SimpleBooleanProperty();
    private final StringProperty weights = new SimpleStringProperty("");
    private final StringProperty weightsError = new SimpleStringProperty("");
    private final StringProperty constraints = new SimpleStringProperty("");
    private final StringProperty constraintsError = new SimpleStringProperty("");
    private final StringProperty topK = new SimpleStringProperty("10");
    private final StringProperty topKError = new SimpleStringProperty("");
    /** The calibration job this screen started, followed while the screen shows; its outcome on the run message. */
    private final ScreenJob job;
    private final BooleanProperty running;
    /** The line under Run: the job's outcome, or why nothing runs or shows. */
    private final StringProperty runMessage;
    private final BooleanBinding canRun;

    private final ObjectProperty<CalibrationRunView> loaded = new SimpleObjectProperty<>();
    /** The calibration being read for the explorer (a newer request drops an older one). */
    private final LatestLoad loading = new LatestLoad();
    private final ObservableList<RunRecord> runs = FXCollections.observableArrayList();
    private final ObservableList<CalibrationRunView.Point> points = FXCollections.observableArrayList();
    private final FilteredList<CalibrationRunView.Point> filteredPoints = new FilteredList<>(points);
    private final SortedList<CalibrationRunView.Point> sortedPoints = new SortedList<>(filteredPoints);
    private final BooleanProperty feasibleOnly = new SimpleBooleanProperty();
    private final StringProperty filterText = new SimpleStringProperty("");
    private final IntegerProperty heatX = new SimpleIntegerProperty(0);
    private final IntegerProperty heatY = new SimpleIntegerProperty(1);
    private final ObservableMap<String, String> fixedValues = FXCollections.observableHashMap();
    private final ObjectProperty<ScoreHeatMap> heatMap = new SimpleObjectProperty<>();
    private final IntegerProperty selectedPoint = new SimpleIntegerProperty(-1);
    private final StringProperty selectedTitle = new SimpleStringProperty("");
    private final StringProperty patchYaml = new SimpleStringProperty("");
    private final ObjectProperty<Throwable> lastError = new SimpleObjectProperty<>();

    public CalibrationViewModel(CalibrationService service, JobService jobs, BiConsumer<Path, AcceptanceProfile> openInAcceptance,
                                RunOn runOn) {
        this.service = service;
        this.runOn = runOn;
        this.job = new ScreenJob(jobs, POLL_MILLIS, "Calibration", this::jobEnded);
        this.running = job.runningProperty();
        this.runMessage = job.runMessageProperty();
        this.openInAcceptance = openInAcceptance;
        gridRows.addListener((javafx.collections.ListChangeListener<GridRow>) c -> validateGrid());
        weights.addListener((o, a, b) -> validateWeights());
        constraints.addListener((o, a, b) -> validateConstraints());
        topK.addListener((o, a, b) -> validateTopK());
        validateGrid();
        canRun = Bindings.createBooleanBinding(() -> !running.get() && gridValid.get() && seriesFile.get() != null
                        && weightsError.get().isEmpty() && constraintsError.get().isEmpty() && topKError.get().isEmpty(),
                running, gridValid, seriesFile, weightsError, constraintsError, topKError);
        feasibleOnly.addListener((o, a, b) -> refilter());
        filterText.addListener((o, a, b) -> refilter());
        heatX.addListener((o, a, b) -> recomputeHeatMap());
        heatY.addListener((o, a, b) -> recomputeHeatMap());
        fixedValues.addListener((javafx.collections.MapChangeListener<String, String>) c -> recomputeHeatMap());
        loaded.addListener((o, a, run) -> showRun(run));
    }

    // ---- inputs -------------------------------------------------------------------------------

    public void setSeries(Path file) {
        seriesFile.set(file);
        runMessage.set("");
    }

    /** Picks a profile file (null: the spec's defaults); its profile names are read in the background. */
    public void setProfileFile(Path file) {
        profileFile.set(file);
        if (file == null) {
            profileNames.clear();
            profileName.set(null);
            return;
        }
        Fx.async(() -> service.profileNames(file), names -> {
            if (file.equals(profileFile.get())) {
                profileNames.setAll(names);
                profileName.set(names.isEmpty() ? null : names.get(0));
            }
        }, error -> runMessage.set(ErrorDialog.userMessage(error)));
    }

    public GridRow addGridRow(String path, String values) {
        GridRow row = new GridRow(path, values);
        gridRows.add(row);
        return row;
    }

    public void removeGridRow(GridRow row) {
        gridRows.remove(row);
    }

    /** Replaces the grid rows by the assignments of a {@code .txt} grid file (read in the background). */
    public void loadGridFile(Path file) {
        Fx.async(() -> parseGridFile(file), rows -> gridRows.setAll(rows), error -> runMessage.set(ErrorDialog.userMessage(error)));
    }

    static List<GridRow> parseGridFile(Path file) throws java.io.IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<GridRow> rows = new ArrayList<>();
        if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
            Grid grid = Grid.parse("@" + file.toAbsolutePath());
            for (Grid.Assignment a : grid.assignments()) {
                rows.add(new GridRow(a.path(), a.values().stream().map(String::valueOf).collect(Collectors.joining(","))));
            }
            return rows;
        }
        for (var assignment : Grid.txtAssignmentsAsWritten(file)) {
            rows.add(new GridRow(assignment.getKey(), assignment.getValue()));
        }
        return rows;
    }

    /** The grid in the inline syntax: the non-blank rows' assignments joined by {@code ;}. */
    public String gridSpec() {
        return gridRows.stream().filter(r -> !r.isBlank()).map(GridRow::assignment).collect(Collectors.joining(";"));
    }

    private void validateGrid() {
        List<GridRow> rows = gridRows.stream().filter(r -> !r.isBlank()).toList();
        if (rows.isEmpty()) {
            gridValid.set(false);
            gridMessage.set("Add a grid row (path and values), or load a grid file.");
            return;
        }
        try {
            Grid grid = Grid.parse(gridSpec());
            String factors = grid.assignments().stream().map(a -> Integer.toString(a.values().size())).collect(Collectors.joining(" x "));
            gridMessage.set((grid.assignments().size() > 1 ? factors + " = " : "") + grid.size() + (grid.size() == 1 ? " point" : " points"));
            gridValid.set(true);
        } catch (InputException e) {
            gridMessage.set(e.getMessage());
            gridValid.set(false);
        }
    }

    private void validateWeights() {
        String text = weights.get();
        try {
            if (text != null && !text.isBlank()) {
                ObjectiveWeights.parse(text);
            }
            weightsError.set("");
        } catch (InputException e) {
            weightsError.set(e.getMessage());
        }
    }

    private void validateConstraints() {
        String text = constraints.get();
        try {
            if (text != null && !text.isBlank()) {
                HardConstraints.parse(text, "option");
            }
            constraintsError.set("");
        } catch (InputException e) {
            constraintsError.set(e.getMessage());
        }
    }

    private void validateTopK() {
        String text = topK.get() == null ? "" : topK.get().trim();
        try {
            if (!text.isEmpty() && Integer.parseInt(text) < 1) {
                throw new NumberFormatException();
            }
            topKError.set("");
        } catch (NumberFormatException e) {
            topKError.set("top-K: '" + text + "' is not a whole number of at least 1.");
        }
    }

    /** This computer or Spark, for the next run. */
    public RunOn runOn() {
        return runOn;
    }

    // ---- running ------------------------------------------------------------------------------

    /** Submits the calibration as a job (inputs are checked in the background first); progress is polled. */
    public void run() {
        if (!canRun.get()) {
            if (seriesFile.get() == null) {
                runMessage.set("Pick a series CSV first.");
            } else if (!gridValid.get()) {
                runMessage.set("Fix the grid first: " + gridMessage.get());
            }
            return;
        }
        String k = topK.get() == null ? "" : topK.get().trim();
        CalibrationOptions options = new CalibrationOptions(seriesFile.get(), profileFile.get(),
                profileFile.get() == null ? null : profileName.get(), gridSpec(), blankToNull(weights.get()),
                blankToNull(constraints.get()), k.isEmpty() ? null : Integer.valueOf(k), null, null, null, null, null, null);
        boolean onSpark = runOn.sparkProperty().get();
        job.submit("checking the grid…", () -> service.submit(options, runOn.target(onSpark)).id());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private void jobEnded(JobRecord ended) {
        refreshRuns();
        if (ScreenJob.succeededWithOutput(ended)) {
            load(Path.of(ended.outputDir()));
        }
    }

    public void cancel() {
        job.cancel(lastError::set);
    }


    // ---- results ------------------------------------------------------------------------------

    /** Reads a finished calibration's artifacts in the background, then shows it in the explorer (the latest asked for). */
    public void load(Path outputDir) {
        loading.load(() -> service.load(outputDir), loaded::set,
                error -> runMessage.set("Cannot load the calibration in " + outputDir + ": " + ErrorDialog.userMessage(error)));
    }

    /** Reopens a previous calibration of the workspace. */
    public void open(RunRecord run) {
        if (run == null) {
            return;
        }
        job.outputOf(run).ifPresent(this::load); // a run that did not succeed says so on the run message instead
    }

    public void refreshRuns() {
        Fx.async(() -> service.recentRuns(RUNS_LIMIT), runs::setAll, lastError::set);
    }

    private void showRun(CalibrationRunView run) {
        fixedValues.clear();
        if (run == null) {
            points.clear();
            heatMap.set(null);
            select(-1);
            return;
        }
        points.setAll(run.points());
        if (!running.get()) {
            fillInputsFrom(run);
        }
        int n = run.gridPaths().size();
        heatX.set(0);
        heatY.set(n > 1 ? 1 : 0);
        recomputeHeatMap();
        select(run.topK().isEmpty() ? run.best().map(CalibrationRunView.Point::point).orElse(-1) : run.topK().get(0).point());
    }

    /** Puts a shown run's series, profile and grid back into the editors, so it can be changed and run again. */
    private void fillInputsFrom(CalibrationRunView run) {
        if (run.seriesPath() != null) {
            seriesFile.set(run.seriesPath());
        }
        if (run.profilePath() != null && !run.profilePath().equals(profileFile.get()) && Files.isRegularFile(run.profilePath())) {
            setProfileFile(run.profilePath());
        }
        List<GridRow> rows = new ArrayList<>();
        for (int j = 0; j < run.gridPaths().size(); j++) {
            rows.add(new GridRow(run.gridPaths().get(j), String.join(",", run.gridValues().get(j))));
        }
        gridRows.setAll(rows);
    }

    private void refilter() {
        CalibrationRunView run = loaded.get();
        boolean feasible = feasibleOnly.get();
        String needle = filterText.get() == null ? "" : filterText.get().trim().toLowerCase(Locale.ROOT);
        filteredPoints.setPredicate(p -> (!feasible || p.feasible()) && (needle.isEmpty() || rowText(run, p).contains(needle)));
    }

    private static String rowText(CalibrationRunView run, CalibrationRunView.Point p) {
        StringBuilder b = new StringBuilder().append(p.point()).append(' ');
        if (run != null) {
            for (int j = 0; j < p.params().size(); j++) {
                b.append(run.gridPaths().get(j)).append('=').append(p.params().get(j)).append(' ');
            }
        }
        b.append(p.feasible() ? "feasible " : "infeasible ").append(String.join(" ", p.failed()));
        return b.toString().toLowerCase(Locale.ROOT);
    }

    private void recomputeHeatMap() {
        CalibrationRunView run = loaded.get();
        if (run == null || run.gridPaths().isEmpty()) {
            heatMap.set(null);
            return;
        }
        int n = run.gridPaths().size();
        heatMap.set(run.heatMap(clamp(heatX.get(), n), clamp(heatY.get(), n), Map.copyOf(fixedValues)));
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }

    /** Selects a point of the loaded run: its patch (differences from the base profile) is shown as YAML. */
    public void select(int point) {
        CalibrationRunView run = loaded.get();
        selectedPoint.set(point);
        if (run == null || point < 0 || run.point(point).isEmpty()) {
            selectedTitle.set("");
            patchYaml.set("");
            return;
        }
        CalibrationRunView.Point p = run.point(point).orElseThrow();
        var patch = run.topK().stream().filter(r -> r.point() == point).findFirst().map(CalibrationRunView.Ranked::patch)
                .orElseGet(() -> CalibrationArtifactsReader.patchOf(run, p));
        selectedTitle.set("Point " + point + " · score " + num(p.score()) + (p.feasible() ? "" : " · infeasible: "
                + String.join(", ", p.failed())));
        try {
            patchYaml.set(patch.isEmpty() ? "# no change from the base profile\n" : Json.YAML.writeValueAsString(patch));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            patchYaml.set("# cannot render the patch: " + e.getMessage());
        }
    }

    /** Writes the base profile with the selected point's patch applied to {@code target} (in the background). */
    public void applyToProfile(Path target) {
        CalibrationRunView run = loaded.get();
        int point = selectedPoint.get();
        if (run == null || point < 0) {
            return;
        }
        Fx.async(() -> {
            service.writeProfile(run, point, target);
            return target;
        }, t -> runMessage.set("Wrote " + t + " with the patch of point " + point + "."), error -> runMessage.set(ErrorDialog.userMessage(error)));
    }

    /** Hands the series and the base profile patched with the selected point to the Acceptance screen. */
    public void openInAcceptance() {
        CalibrationRunView run = loaded.get();
        int point = selectedPoint.get();
        if (run == null || point < 0 || openInAcceptance == null) {
            return;
        }
        Fx.async(() -> service.patchedProfile(run, point), profile -> openInAcceptance.accept(run.seriesPath(), profile),
                error -> runMessage.set(ErrorDialog.userMessage(error)));
    }

    /** The grid values a non-axis parameter can be fixed at, with {@link ScoreHeatMap#BEST} first. */
    public List<String> fixChoices(int gridIndex) {
        List<String> out = new ArrayList<>();
        out.add(ScoreHeatMap.BEST);
        CalibrationRunView run = loaded.get();
        if (run != null) {
            out.addAll(run.gridValues().get(gridIndex));
        }
        return out;
    }

    public void fix(String path, String value) {
        fixedValues.put(path, value == null ? ScoreHeatMap.BEST : value);
    }

    public void stop() {
        job.pause();
    }

    public void start() {
        job.shown(() -> service.recentRuns(RUNS_LIMIT), runs, this::showsNothing, this::open, lastError::set);
    }

    private boolean showsNothing() {
        return loaded.get() == null && !job.following() && !loading.loadingProperty().get();
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return BigInteger.valueOf((long) v).toString();
        }
        return Math.abs(v) >= 1e6 ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    // ---- properties ---------------------------------------------------------------------------

    public ObjectProperty<Path> seriesFileProperty() { return seriesFile; }
    public ObjectProperty<Path> profileFileProperty() { return profileFile; }
    public ObservableList<String> profileNames() { return profileNames; }
    public StringProperty profileNameProperty() { return profileName; }
    public ObservableList<GridRow> gridRows() { return gridRows; }
    public StringProperty gridMessageProperty() { return gridMessage; }
    public BooleanProperty gridValidProperty() { return gridValid; }
    public StringProperty weightsProperty() { return weights; }
    public StringProperty weightsErrorProperty() { return weightsError; }
    public StringProperty constraintsProperty() { return constraints; }
    public StringProperty constraintsErrorProperty() { return constraintsError; }
    public StringProperty topKProperty() { return topK; }
    public StringProperty topKErrorProperty() { return topKError; }
    public BooleanProperty runningProperty() { return running; }
    public DoubleProperty progressProperty() { return job.progressProperty(); }
    public StringProperty progressMessageProperty() { return job.progressMessageProperty(); }
    public StringProperty runMessageProperty() { return runMessage; }
    public BooleanBinding canRunBinding() { return canRun; }
    public ObjectProperty<CalibrationRunView> loadedProperty() { return loaded; }
    public BooleanProperty loadingProperty() { return loading.loadingProperty(); }
    public ObservableList<RunRecord> runs() { return runs; }
    public SortedList<CalibrationRunView.Point> sortedPoints() { return sortedPoints; }
    public FilteredList<CalibrationRunView.Point> filteredPoints() { return filteredPoints; }
    public BooleanProperty feasibleOnlyProperty() { return feasibleOnly; }
    public StringProperty filterTextProperty() { return filterText; }
    public IntegerProperty heatXProperty() { return heatX; }
    public IntegerProperty heatYProperty() { return heatY; }
    public ObjectProperty<ScoreHeatMap> heatMapProperty() { return heatMap; }
    public IntegerProperty selectedPointProperty() { return selectedPoint; }
    public StringProperty selectedTitleProperty() { return selectedTitle; }
    public StringProperty patchYamlProperty() { return patchYaml; }
    public ObjectProperty<Throwable> lastErrorProperty() { return lastError; }

    /** The job this screen runs (its controls show it). */
    public ScreenJob job() {
        return job;
    }
}
