package org.riskbench.ui.acceptance;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.riskbench.app.ReplayService;
import org.riskbench.app.ReplayService.DriftView;
import org.riskbench.app.ReplayService.ReplayRequest;
import org.riskbench.app.ReplayService.ReplayView;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.RunRecord;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.acceptance.ParameterPath;
import org.riskbench.engine.acceptance.ProfileLoader;
import org.riskbench.jobs.JobService;
import org.riskbench.ui.shell.ErrorDialog;
import org.riskbench.ui.shell.Fx;
import org.riskbench.ui.shell.LatestLoad;
import org.riskbench.ui.shell.ScreenJob;

/**
 * State of the Acceptance screen: the chosen series and profile, the profile form (every parameter
 * path, edits applied with {@link AcceptanceProfile#with}), the running replay job (polled in the
 * background like the Jobs screen) and the loaded replay (artifacts read off the FX thread).
 */
public final class AcceptanceViewModel {
    /** The profile choice when no profile file is picked: the spec's defaults. */
    public static final String DEFAULTS = "defaults";
    static final long POLL_MILLIS = 200;
    private static final int RUNS_LIMIT = 50;

    private final ReplayService replays;
    private final ObjectProperty<Path> seriesFile = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> profileFile = new SimpleObjectProperty<>();
    private final ObservableList<String> profileNames = FXCollections.observableArrayList(DEFAULTS);
    private final StringProperty profileName = new SimpleStringProperty(DEFAULTS);
    private final ObjectProperty<AcceptanceProfile> baseProfile = new SimpleObjectProperty<>(AcceptanceProfile.defaults());
    private final ObservableList<ParamRow> params = FXCollections.observableArrayList();
    private final StringProperty formError = new SimpleStringProperty("");
    private final ObjectProperty<Loaded> loaded = new SimpleObjectProperty<>();
    /** The replay being read for the charts (a newer request drops an older one). */
    private final LatestLoad loading = new LatestLoad();
    private final ObservableList<RunRecord> runs = FXCollections.observableArrayList();
    private final ObjectProperty<Throwable> lastError = new SimpleObjectProperty<>();
    /** The replay job this screen started, followed while the screen shows; its outcome on the run message. */
    private final ScreenJob job;
    /** The line under Run: the job's outcome, or why nothing runs or shows. */
    private final StringProperty runMessage;

    /** A replay ready to show: its artifacts, the chart columns and the profile's drift watch (null if none). */
    public record Loaded(String title, ReplayView view, ChartData data, DriftView drift) {
    }

    public AcceptanceViewModel(ReplayService replays, JobService jobs) {
        this.replays = replays;
        this.job = new ScreenJob(jobs, POLL_MILLIS, "Replay", this::jobEnded);
        this.runMessage = job.runMessageProperty();
        for (ParameterPath p : ProfileLoader.parameterPaths()) {
            params.add(new ParamRow(p));
        }
        resetParams(baseProfile.get());
        profileName.addListener((o, a, name) -> loadProfile());
    }

    // ---- inputs -------------------------------------------------------------------------------

    public void setSeries(Path file) {
        if (!java.util.Objects.equals(file, seriesFile.get())) {
            loading.forget(); // a replay still loading is of the old series
            loaded.set(null); // the charts shown were of another series: they went on showing beside the new form
        }
        applySeries(file);
    }

    private void applySeries(Path file) {
        seriesFile.set(file);
        runMessage.set("");
    }

    /**
     * Opens a series with a profile given as a value (for example a calibrated point handed over by the
     * Calibration screen): no profile file, the profile's own name, ready to Run.
     */
    public void open(Path series, AcceptanceProfile profile) {
        loaded.set(null);
        openInputs(series, profile);
    }

    private void openInputs(Path series, AcceptanceProfile profile) {
        applySeries(series);
        profileFile.set(null);
        profileNames.setAll(profile.name());
        profileName.set(profile.name());
        applyBase(profile);
        runMessage.set("Opened profile " + profile.name() + (series == null ? "" : " on " + series.getFileName()) + ": press Run replay.");
    }

    /** Picks a profile file (null: the defaults); its profile names are read in the background. */
    public void setProfileFile(Path file) {
        profileFile.set(file);
        if (file == null) {
            profileNames.setAll(DEFAULTS);
            selectProfile(DEFAULTS);
            return;
        }
        Fx.async(() -> replays.profileNames(file), names -> {
            if (!file.equals(profileFile.get())) {
                return;
            }
            profileNames.setAll(names);
            selectProfile(names.isEmpty() ? null : names.get(0));
        }, error -> formError.set(ErrorDialog.userMessage(error)));
    }

    /** Picks a profile of the chosen file by name ({@link #DEFAULTS} without a file). */
    public void selectProfile(String name) {
        if (name != null && name.equals(profileName.get())) {
            loadProfile();
        } else {
            profileName.set(name);
        }
    }

    private void loadProfile() {
        Path file = profileFile.get();
        String name = profileName.get();
        if (file == null || name == null || DEFAULTS.equals(name)) {
            applyBase(AcceptanceProfile.defaults());
            return;
        }
        Fx.async(() -> replays.loadProfile(file, name), profile -> {
            if (file.equals(profileFile.get()) && name.equals(profileName.get())) {
                applyBase(profile);
            }
        }, error -> formError.set(ErrorDialog.userMessage(error)));
    }

    private void applyBase(AcceptanceProfile profile) {
        baseProfile.set(profile);
        resetParams(profile);
        formError.set("");
    }

    private void resetParams(AcceptanceProfile profile) {
        for (ParamRow row : params) {
            row.reset(profile.get(row.path()));
        }
    }

    /** Sets one parameter of the form (as typed) and checks it at once; the message names the key. */
    public void editParameter(String path, String text) {
        ParamRow row = params.stream().filter(r -> r.path().equals(path)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no parameter " + path));
        row.valueProperty().set(text == null ? "" : text.trim());
        validate();
    }

    /** Undoes every edit of the form. */
    public void resetEdits() {
        resetParams(baseProfile.get());
        formError.set("");
    }

    /** Whether the form holds edits; then the replay uses the edited profile. */
    public boolean hasEdits() {
        return params.stream().anyMatch(r -> r.editedProperty().get());
    }

    private boolean validate() {
        try {
            buildProfile();
            formError.set("");
            return true;
        } catch (InputException e) {
            formError.set(e.getMessage());
            return false;
        }
    }

    /** The chosen profile with the form's edits applied; refused values name their key. */
    AcceptanceProfile buildProfile() {
        AcceptanceProfile profile = baseProfile.get();
        for (ParamRow row : params) {
            row.errorProperty().set("");
        }
        for (ParamRow row : params) {
            if (row.editedProperty().get()) {
                try {
                    profile = profile.with(row.path(), row.valueProperty().get().trim());
                } catch (InputException e) {
                    row.errorProperty().set(e.getMessage());
                    throw e;
                }
            }
        }
        return profile;
    }

    // ---- running ------------------------------------------------------------------------------

    /** Validates the inputs and submits the replay as a job; progress is polled until it ends. */
    public void run() {
        if (job.runningProperty().get()) {
            return;
        }
        Path series = seriesFile.get();
        if (series == null) {
            runMessage.set("Pick a series CSV first.");
            return;
        }
        if (!validate()) {
            runMessage.set("Fix the profile value above first."); // the value's own message is already shown above
            return;
        }
        AcceptanceProfile edited = buildProfile();
        boolean edits = hasEdits();
        Path file = profileFile.get();
        // An edited profile is another profile: its own name (and so its own drift watch), the file kept for provenance.
        AcceptanceProfile profile = edits ? edited.withName(edited.name() + "-edited") : edited;
        ReplayRequest request = new ReplayRequest(series, file, profile.name(), file == null || edits ? profile : null, null, null);
        job.submit("queued", () -> replays.submit(request).id());
    }

    private void jobEnded(JobRecord ended) {
        refreshRuns();
        if (ScreenJob.succeededWithOutput(ended)) {
            load(ended.id(), Path.of(ended.outputDir()), profileKeyOf(ended.paramsJson()));
        }
    }

    /** Cancels the running replay. */
    public void cancel() {
        job.cancel(lastError::set);
    }


    // ---- results ------------------------------------------------------------------------------

    /** Reads a finished replay's artifacts in the background, then shows it (unless another was asked for meanwhile). */
    public void load(String title, Path outputDir, String profileKey) {
        loading.load(() -> {
            ReplayView view = replays.load(outputDir);
            ChartData data = ChartData.of(view.trace());
            DriftView drift = profileKey == null ? null : replays.driftView(profileKey).orElse(null);
            return new Loaded(title, view, data, drift);
        }, loaded::set, error -> runMessage.set("Cannot load the replay in " + outputDir + ": " + ErrorDialog.userMessage(error)));
    }

    /** Shows a previous replay of the workspace. */
    public void open(RunRecord run) {
        if (run == null) {
            return;
        }
        Optional<Path> output = job.outputOf(run);
        if (output.isEmpty()) {
            return;
        }
        load(run.id(), output.get(), profileKeyOf(run.paramsJson()));
        // The form shows what the run ran on, so "Run replay" repeats it or starts from it.
        Fx.async(() -> replays.inputsOf(run.paramsJson()), inputs -> inputs.ifPresent(this::showInputs), lastError::set);
    }

    private void showInputs(ReplayService.ReplayInputs in) {
        if (in.profileFile() != null && java.nio.file.Files.isRegularFile(in.profileFile())) {
            applySeries(in.series()); // the form follows the replay shown: its charts stay
            profileFile.set(in.profileFile());
            Fx.async(() -> replays.profileNames(in.profileFile()), names -> {
                if (in.profileFile().equals(profileFile.get())) {
                    profileNames.setAll(names);
                    selectProfile(names.contains(in.profileName()) ? in.profileName() : names.isEmpty() ? null : names.get(0));
                }
            }, error -> formError.set(ErrorDialog.userMessage(error)));
        } else {
            openInputs(in.series(), in.profile());
            runMessage.set("");
        }
    }

    /** Re-reads the workspace's previous replays in the background. */
    public void refreshRuns() {
        Fx.async(() -> replays.recentRuns(RUNS_LIMIT), list -> runs.setAll(list), lastError::set);
    }

    static String profileKeyOf(String paramsJson) {
        if (paramsJson == null) {
            return null;
        }
        try {
            String key = Json.MAPPER.readTree(paramsJson).path("profile_key").asText("");
            return key.isEmpty() ? null : key;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private boolean visited;

    /** Stops polling (the screen is hidden); a running replay goes on and is picked up again on show. */
    public void stop() {
        job.pause();
    }

    /** Resumes polling a replay that was running when the screen was hidden. */
    public void start() {
        boolean firstVisit = !visited;
        visited = true;
        // the newest replay only on the first visit: later, nothing shown means the user picked another series
        job.shown(() -> replays.recentRuns(RUNS_LIMIT), runs, () -> firstVisit && showsNothing(), this::open, lastError::set);
    }

    private boolean showsNothing() {
        return loaded.get() == null && !job.following() && !loading.loadingProperty().get();
    }

    // ---- properties ---------------------------------------------------------------------------

    public ObjectProperty<Path> seriesFileProperty() {
        return seriesFile;
    }

    public ObjectProperty<Path> profileFileProperty() {
        return profileFile;
    }

    public ObservableList<String> profileNames() {
        return profileNames;
    }

    public StringProperty profileNameProperty() {
        return profileName;
    }

    public ObjectProperty<AcceptanceProfile> baseProfileProperty() {
        return baseProfile;
    }

    public List<ParamRow> params() {
        return params;
    }


    public StringProperty formErrorProperty() {
        return formError;
    }

    public BooleanProperty runningProperty() {
        return job.runningProperty();
    }

    public DoubleProperty progressProperty() {
        return job.progressProperty();
    }

    public StringProperty progressMessageProperty() {
        return job.progressMessageProperty();
    }

    public StringProperty runMessageProperty() {
        return runMessage;
    }

    public ObjectProperty<Loaded> loadedProperty() {
        return loaded;
    }

    public BooleanProperty loadingProperty() {
        return loading.loadingProperty();
    }

    public ObservableList<RunRecord> runs() {
        return runs;
    }

    public ObjectProperty<Throwable> lastErrorProperty() {
        return lastError;
    }

    /** The job this screen runs (its controls show it). */
    public ScreenJob job() {
        return job;
    }
}
