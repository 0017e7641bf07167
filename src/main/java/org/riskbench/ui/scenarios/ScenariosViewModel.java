package org.riskbench.ui.scenarios;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.riskbench.app.AppContext;
import org.riskbench.app.ScenarioRunView;
import org.riskbench.app.ScenarioService;
import org.riskbench.core.InputException;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.core.model.RunRecord;
import org.riskbench.engine.scenario.ScenarioConfig;
import org.riskbench.engine.scenario.ScenarioMetrics;
import org.riskbench.ui.shell.ErrorDialog;
import org.riskbench.ui.shell.Fx;
import org.riskbench.ui.shell.JobFollower;
import org.riskbench.ui.shell.JobProgress;

/**
 * State of the Scenarios screen: the config form (validated as you type by {@link ScenarioConfig#fromMap}),
 * the running job (polled while the screen is visible), the workspace's past runs, the selected run's
 * results and a comparison of two runs. Service calls and file reads run through {@link Fx#async}.
 */
public final class ScenariosViewModel {
    static final long POLL_MILLIS = 250;
    static final int RUN_LIMIT = 200;
    static final String DASH = "—";

    private final AppContext app;
    private final ScenarioService service;

    // form: one property per spec key (text as typed; blank means the default)
    private final StringProperty name = new SimpleStringProperty();
    private final BooleanProperty synthetic = new SimpleBooleanProperty(true);
    private final StringProperty inputPath = new SimpleStringProperty("");
    private final StringProperty outputDir = new SimpleStringProperty("");
    private final StringProperty target = new SimpleStringProperty();
    private final StringProperty nScenarios = new SimpleStringProperty();
    private final StringProperty seed = new SimpleStringProperty();
    private final StringProperty shockSd = new SimpleStringProperty();
    private final BooleanProperty bootstrap = new SimpleBooleanProperty();
    private final StringProperty hitBand = new SimpleStringProperty();
    private final StringProperty ridge = new SimpleStringProperty();
    private final StringProperty maxRuntimeSec = new SimpleStringProperty();
    private final StringProperty bestBy = new SimpleStringProperty();
    private final ObservableList<String> bestByChoices = FXCollections.observableArrayList(ScenarioConfig.BEST_BY);
    private final ObjectProperty<ScenarioConfig> config = new SimpleObjectProperty<>();
    private final StringProperty validationMessage = new SimpleStringProperty("");
    private final StringProperty formNotice = new SimpleStringProperty("");

    // the job started from this screen
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty progressText = new SimpleStringProperty("");
    private final StringProperty jobError = new SimpleStringProperty("");
    private final BooleanBinding canRun;
    /** The job this screen started, followed while the screen shows. */
    private final JobFollower follower;
    /** The job the message in {@link #jobError} is about, if any. */
    private String jobErrorFor;
    /** While the screen shows: re-reads the run list, so runs started or ended elsewhere (CLI, Jobs' Retry) show. */
    private ScheduledFuture<?> runsPoll;
    static final long RUNS_POLL_MILLIS = 2000;
    private boolean visible;

    // past runs and the selected one
    private final ObservableList<RunRecord> runs = FXCollections.observableArrayList();
    private final ObjectProperty<RunRecord> selectedRun = new SimpleObjectProperty<>();
    private final ObjectProperty<ScenarioRunView> result = new SimpleObjectProperty<>();
    private final ObservableList<ScenarioMetrics> resultRows = FXCollections.observableArrayList();
    private final ObservableList<ScenarioRunView.Coefficient> coefficients = FXCollections.observableArrayList();
    private final StringProperty resultTitle = new SimpleStringProperty("");
    private final StringProperty resultMessage = new SimpleStringProperty("");
    private final StringProperty cardRows = new SimpleStringProperty(DASH);
    private final StringProperty cardScenarios = new SimpleStringProperty(DASH);
    private final StringProperty cardMeanAvgScore = new SimpleStringProperty(DASH);
    private final StringProperty cardMeanPHit = new SimpleStringProperty(DASH);
    private final StringProperty cardBest = new SimpleStringProperty(DASH);
    private final StringProperty cardBestDetail = new SimpleStringProperty("");
    private final StringProperty modelFit = new SimpleStringProperty("");

    // compare
    private final ObjectProperty<RunRecord> compareA = new SimpleObjectProperty<>();
    private final ObjectProperty<RunRecord> compareB = new SimpleObjectProperty<>();
    private final ObjectProperty<ScenarioRunView> compareViewA = new SimpleObjectProperty<>();
    private final ObjectProperty<ScenarioRunView> compareViewB = new SimpleObjectProperty<>();
    private final ObservableList<CompareRow> compareRows = FXCollections.observableArrayList();
    private final StringProperty compareMessage = new SimpleStringProperty("");

    private final ObjectProperty<Throwable> lastError = new SimpleObjectProperty<>();

    /** One line of the compare table: a metric of run A and of run B, and B minus A. */
    public record CompareRow(String metric, String a, String b, String difference) {
    }

    private final org.riskbench.ui.shell.RunOn runOn;

    /** This computer or Spark, for the next run. */
    public org.riskbench.ui.shell.RunOn runOn() {
        return runOn;
    }

    public ScenariosViewModel(AppContext app) {
        this.app = app;
        this.follower = new JobFollower(app.jobs(), POLL_MILLIS, this::applyJob);
        this.service = app.scenarios();
        this.runOn = new org.riskbench.ui.shell.RunOn(app.root());
        fill(ScenarioConfig.defaults());
        List<ObservableValue<?>> fields = List.of(name, synthetic, inputPath, outputDir, target, nScenarios, seed, shockSd,
                bootstrap, hitBand, ridge, maxRuntimeSec, bestBy);
        fields.forEach(f -> f.addListener((o, a, b) -> validate()));
        validate();
        canRun = config.isNotNull().and(running.not());
        selectedRun.addListener((o, before, run) -> {
            // a cancel or failure message is about its own run: it goes once another run is shown
            if (jobErrorFor != null && (run == null || !run.id().equals(jobErrorFor))) {
                jobError.set("");
                jobErrorFor = null;
            }
            load(run);
        });
        compareA.addListener((o, a, b) -> compare());
        compareB.addListener((o, a, b) -> compare());
    }

    // ---------------------------------------------------------------- form

    /** Puts a config's values into the form. */
    public void fill(ScenarioConfig c) {
        name.set(c.name());
        synthetic.set(c.inputPath() == null);
        inputPath.set(c.inputPath() == null ? "" : c.inputPath().toString());
        outputDir.set(c.outputDir() == null ? "" : c.outputDir().toString());
        target.set(c.target());
        nScenarios.set(Integer.toString(c.nScenarios()));
        seed.set(Long.toString(c.seed()));
        shockSd.set(plain(c.shockSd()));
        bootstrap.set(c.bootstrap());
        hitBand.set(plain(c.hitBand()));
        ridge.set(plain(c.ridge()));
        maxRuntimeSec.set(plain(c.maxRuntimeSec()));
        bestBy.set(c.bestBy());
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** The form as a map of spec keys; blank fields are left out (their default applies). */
    Map<String, Object> formValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        putText(m, "name", name.get());
        if (!synthetic.get()) {
            m.put("input_path", inputPath.get() == null ? "" : inputPath.get().trim());
        }
        putText(m, "output_dir", outputDir.get());
        putText(m, "target", target.get());
        putNumber(m, "n_scenarios", nScenarios.get());
        putNumber(m, "seed", seed.get());
        putNumber(m, "shock_sd", shockSd.get());
        m.put("bootstrap", bootstrap.get());
        putNumber(m, "hit_band", hitBand.get());
        putNumber(m, "ridge", ridge.get());
        putNumber(m, "max_runtime_sec", maxRuntimeSec.get());
        putText(m, "best_by", bestBy.get());
        return m;
    }

    private static void putText(Map<String, Object> m, String key, String text) {
        if (text != null && !text.isBlank()) {
            m.put(key, text.trim());
        }
    }

    /** Integers stay integers, decimals become doubles; anything else goes in as text so the config names the key and type. */
    private static void putNumber(Map<String, Object> m, String key, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        String t = text.trim();
        try {
            m.put(key, Long.parseLong(t));
            return;
        } catch (NumberFormatException e) {
            // not an integer
        }
        try {
            m.put(key, Double.parseDouble(t));
        } catch (NumberFormatException e) {
            m.put(key, t);
        }
    }

    private void validate() {
        Map<String, Object> values = formValues();
        if (!synthetic.get() && ((String) values.get("input_path")).isEmpty()) {
            config.set(null);
            validationMessage.set("scenario config key \"input_path\" is empty: choose a CSV file, or tick \"synthetic data\"");
            return;
        }
        try {
            config.set(ScenarioConfig.fromMap(values));
            validationMessage.set("");
        } catch (InputException e) {
            config.set(null);
            validationMessage.set(e.getMessage());
        }
    }

    /** Loads a JSON/YAML config file in the background and fills the form with it. */
    public void loadConfig(Path file) {
        Fx.async(() -> service.load(file), loaded -> {
            fill(loaded);
            formNotice.set("Loaded " + file.getFileName());
        }, lastError::set);
    }

    /** Submits the form's config as a scenario job (all cores) and follows its progress. */
    public void run() {
        ScenarioConfig cfg = config.get();
        if (cfg == null || running.get()) {
            return;
        }
        running.set(true);
        progress.set(-1);
        progressText.set(JobProgress.QUEUED);
        jobError.set("");
        boolean onSpark = runOn.sparkProperty().get();
        Fx.async(() -> service.submit(cfg, runOn.target(onSpark)).id(), id -> {
            follower.watch(id);
        }, error -> {
            running.set(false);
            jobError.set("The run could not start: " + ErrorDialog.userMessage(error));
        });
    }

    /** Asks the running job to stop. */
    public void cancel() {
        follower.cancel(progressText, "Cancelling…", lastError::set);
    }

    private void applyJob(JobRecord job) {
        progress.set(JobProgress.bar(job));
        progressText.set(JobProgress.text(job));
        if (job.status().isTerminal()) {
            running.set(false);
            jobErrorFor = job.status() == JobStatus.SUCCEEDED ? null : job.id();
            if (job.status() == JobStatus.CANCELLED) {
                jobError.set("Run " + job.id() + " was cancelled; the scenarios it completed are kept.");
            } else if (job.status() != JobStatus.SUCCEEDED) {
                jobError.set("Run " + job.id() + " failed: "
                        + (job.errorMessage() == null ? "no message (see the Jobs screen log)" : job.errorMessage()));
            }
            refreshRuns(job.id());
        }
    }

    // ---------------------------------------------------------------- visibility

    /** The screen became visible: list the runs, follow a running job again. */
    public void start() {
        visible = true;
        refreshRuns(null);
        follower.resume();
        if (runsPoll == null) {
            runsPoll = Fx.every(RUNS_POLL_MILLIS, () -> {
                List<RunRecord> list = service.recentRuns(RUN_LIMIT);
                Fx.later(() -> {
                    if (visible && !list.equals(runs)) {
                        refreshRuns(null);
                    }
                });
            });
        }
    }

    /** The screen is hidden: stop polling (the job goes on). */
    public void stop() {
        visible = false;
        follower.pause();
        if (runsPoll != null) {
            runsPoll.cancel(false);
            runsPoll = null;
        }
    }

    // ---------------------------------------------------------------- past runs

    /** Re-reads the run list; selects {@code selectId}, else keeps the selection, else picks the newest. */
    public void refreshRuns(String selectId) {
        Fx.async(() -> service.recentRuns(RUN_LIMIT), list -> {
            RunRecord current = selectedRun.get();
            String wanted = selectId != null ? selectId : current != null ? current.id() : null;
            runs.setAll(list);
            RunRecord pick = list.stream().filter(r -> r.id().equals(wanted)).findFirst()
                    .orElse(list.isEmpty() ? null : list.get(0));
            selectedRun.set(pick);
            if (compareA.get() == null && list.size() >= 2) {
                compareA.set(list.get(1));
                compareB.set(list.get(0));
            }
        }, lastError::set);
    }

    private void load(RunRecord run) {
        if (run == null) {
            applyResult(null, "");
            return;
        }
        Fx.async(() -> service.readRun(run), view -> {
            if (run.equals(selectedRun.get())) {
                resultTitle.set(describe(run));
                String note = "";
                if (view.status() != null && !view.status().equals("completed")) {
                    note = "Stopped early (" + view.status() + ")" + (view.message() == null ? "" : ": " + view.message())
                            + ". The results below cover its completed scenarios.";
                }
                applyResult(view, note);
            }
        }, error -> {
            if (run.equals(selectedRun.get())) {
                String why = run.errorMessage() != null ? "Run " + run.id() + " " + run.status() + ": " + run.errorMessage()
                        : ErrorDialog.userMessage(error);
                applyResult(null, why);
            }
        });
    }

    private void applyResult(ScenarioRunView view, String message) {
        result.set(view);
        resultMessage.set(message);
        if (view == null) {
            resultRows.clear();
            coefficients.clear();
            cardRows.set(DASH);
            cardScenarios.set(DASH);
            cardMeanAvgScore.set(DASH);
            cardMeanPHit.set(DASH);
            cardBest.set(DASH);
            cardBestDetail.set("");
            modelFit.set("");
            return;
        }
        ScenarioRunView.Summary s = view.summary();
        resultRows.setAll(view.scenarios());
        coefficients.setAll(view.model().coefficients());
        cardRows.set(Integer.toString(s.numRows()));
        cardScenarios.set(Integer.toString(s.numScenarios()));
        cardMeanAvgScore.set(num(s.meanAvgScore()));
        cardMeanPHit.set(percent(s.meanPHit()));
        cardBest.set(s.bestScenarioId() == null ? DASH : "#" + s.bestScenarioId());
        cardBestDetail.set(s.bestScenarioId() == null ? "" : "by " + s.bestBy() + " · avg_score " + num(s.bestAvgScore()));
        ScenarioRunView.Model m = view.model();
        modelFit.set("R² " + num(m.r2()) + "   ·   residual_sd " + num(m.residualSd())
                + "\nintercept " + num(m.intercept()) + (m.interceptStdError() == null ? "" : " ± " + num(m.interceptStdError()))
                + (m.ridge() != null && m.ridge() > 0 ? "   ·   ridge " + num(m.ridge()) : ""));
    }

    static String describe(RunRecord run) {
        return (run.name() == null ? run.id() : run.name()) + "  ·  " + run.id() + "  ·  " + run.status();
    }

    // ---------------------------------------------------------------- compare

    private void compare() {
        RunRecord a = compareA.get();
        RunRecord b = compareB.get();
        if (a == null || b == null) {
            compareRows.clear();
            compareViewA.set(null);
            compareViewB.set(null);
            compareMessage.set("Pick two runs to compare.");
            return;
        }
        compareMessage.set("Reading both runs…");
        Fx.async(() -> new ScenarioRunView[] {service.readRun(a), service.readRun(b)}, views -> {
            if (a.equals(compareA.get()) && b.equals(compareB.get())) {
                compareViewA.set(views[0]);
                compareViewB.set(views[1]);
                compareRows.setAll(compareRows(views[0], views[1]));
                compareMessage.set("");
            }
        }, error -> {
            compareRows.clear();
            compareViewA.set(null);
            compareViewB.set(null);
            compareMessage.set("Cannot compare: " + ErrorDialog.userMessage(error));
        });
    }

    static List<CompareRow> compareRows(ScenarioRunView a, ScenarioRunView b) {
        List<CompareRow> rows = new ArrayList<>();
        ScenarioRunView.Summary sa = a.summary();
        ScenarioRunView.Summary sb = b.summary();
        rows.add(new CompareRow("config name", sa.configName(), sb.configName(), ""));
        rows.add(row("rows", (double) sa.numRows(), (double) sb.numRows()));
        rows.add(row("scenarios", (double) sa.numScenarios(), (double) sb.numScenarios()));
        rows.add(row("mean avg_score", sa.meanAvgScore(), sb.meanAvgScore()));
        rows.add(new CompareRow("mean p_hit", percent(sa.meanPHit()), percent(sb.meanPHit()),
                sa.meanPHit() == null || sb.meanPHit() == null ? DASH
                        : String.format(Locale.ROOT, "%+.2f pp", (sb.meanPHit() - sa.meanPHit()) * 100)));
        rows.add(new CompareRow("best scenario", best(sa), best(sb), ""));
        rows.add(row("best avg_score", sa.bestAvgScore(), sb.bestAvgScore()));
        rows.add(row("R²", a.model().r2(), b.model().r2()));
        rows.add(row("residual_sd", a.model().residualSd(), b.model().residualSd()));
        rows.add(row("total runtime (s)", sa.totalRuntimeSec(), sb.totalRuntimeSec()));
        return rows;
    }

    private static String best(ScenarioRunView.Summary s) {
        return s.bestScenarioId() == null ? DASH : "#" + s.bestScenarioId() + " (by " + s.bestBy() + ")";
    }

    private static CompareRow row(String metric, Double a, Double b) {
        String diff = a == null || b == null ? DASH : (b - a >= 0 ? "+" : "") + num(b - a);
        return new CompareRow(metric, num(a), num(b), diff);
    }

    // ---------------------------------------------------------------- formats

    /** A number for people: 4 significant-ish decimals, scientific when very large or small. */
    static String num(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return DASH;
        }
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e6 || a < 1e-3)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        if (v == Math.rint(v) && a < 1e6) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, a >= 100 ? "%.2f" : "%.4f", v);
    }

    static String percent(Double v) {
        return v == null || !Double.isFinite(v) ? DASH : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    // ---------------------------------------------------------------- properties

    public StringProperty nameProperty() { return name; }
    public BooleanProperty syntheticProperty() { return synthetic; }
    public StringProperty inputPathProperty() { return inputPath; }
    public StringProperty outputDirProperty() { return outputDir; }
    public StringProperty targetProperty() { return target; }
    public StringProperty nScenariosProperty() { return nScenarios; }
    public StringProperty seedProperty() { return seed; }
    public StringProperty shockSdProperty() { return shockSd; }
    public BooleanProperty bootstrapProperty() { return bootstrap; }
    public StringProperty hitBandProperty() { return hitBand; }
    public StringProperty ridgeProperty() { return ridge; }
    public StringProperty maxRuntimeSecProperty() { return maxRuntimeSec; }
    public StringProperty bestByProperty() { return bestBy; }
    public ObservableList<String> bestByChoices() { return bestByChoices; }
    public ObjectProperty<ScenarioConfig> configProperty() { return config; }
    public StringProperty validationMessageProperty() { return validationMessage; }
    public StringProperty formNoticeProperty() { return formNotice; }
    public BooleanProperty runningProperty() { return running; }
    public DoubleProperty progressProperty() { return progress; }
    public StringProperty progressTextProperty() { return progressText; }
    public StringProperty jobErrorProperty() { return jobError; }
    public BooleanBinding canRunProperty() { return canRun; }
    public ObservableList<RunRecord> runs() { return runs; }
    public ObjectProperty<RunRecord> selectedRunProperty() { return selectedRun; }
    public ObjectProperty<ScenarioRunView> resultProperty() { return result; }
    public ObservableList<ScenarioMetrics> resultRows() { return resultRows; }
    public ObservableList<ScenarioRunView.Coefficient> coefficients() { return coefficients; }
    public StringProperty resultTitleProperty() { return resultTitle; }
    public StringProperty resultMessageProperty() { return resultMessage; }
    public StringProperty cardRowsProperty() { return cardRows; }
    public StringProperty cardScenariosProperty() { return cardScenarios; }
    public StringProperty cardMeanAvgScoreProperty() { return cardMeanAvgScore; }
    public StringProperty cardMeanPHitProperty() { return cardMeanPHit; }
    public StringProperty cardBestProperty() { return cardBest; }
    public StringProperty cardBestDetailProperty() { return cardBestDetail; }
    public StringProperty modelFitProperty() { return modelFit; }
    public ObjectProperty<RunRecord> compareAProperty() { return compareA; }
    public ObjectProperty<RunRecord> compareBProperty() { return compareB; }
    public ObjectProperty<ScenarioRunView> compareViewAProperty() { return compareViewA; }
    public ObjectProperty<ScenarioRunView> compareViewBProperty() { return compareViewB; }
    public ObservableList<CompareRow> compareRows() { return compareRows; }
    public StringProperty compareMessageProperty() { return compareMessage; }
    public ObjectProperty<Throwable> lastErrorProperty() { return lastError; }
}
