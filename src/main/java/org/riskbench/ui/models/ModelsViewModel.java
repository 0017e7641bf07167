package org.riskbench.ui.models;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.riskbench.app.RetrainingService;
import org.riskbench.engine.retraining.RetrainingConfig;
import org.riskbench.ui.shell.Fx;

/**
 * State of the Models screen: model versions, retraining runs and the requests queue (polled while
 * visible), and the commands Retrain now, Activate and Roll back. Service calls run in the background
 * through {@link Fx}; properties change on the FX thread.
 */
public final class ModelsViewModel {
    static final long POLL_MILLIS = 1000;
    private static final int RUN_LIMIT = 200;

    private final RetrainingService service;
    private final ObservableList<RetrainingService.ModelView> models = FXCollections.observableArrayList();
    private final ObservableList<RetrainingService.RunView> runs = FXCollections.observableArrayList();
    private final ObservableList<RetrainingService.RequestView> requests = FXCollections.observableArrayList();
    private final StringProperty summary = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty fineTune = new SimpleBooleanProperty(true);
    private final ObjectProperty<Throwable> lastError = new SimpleObjectProperty<>();
    private ScheduledFuture<?> poll;
    /** The run Retrain now started, until the message has said how it ended. */
    private String startedRun;

    private record Snapshot(List<RetrainingService.ModelView> models, List<RetrainingService.RunView> runs,
                            List<RetrainingService.RequestView> requests) {
    }

    public ModelsViewModel(RetrainingService service) {
        this.service = service;
    }

    public void start() {
        if (poll == null) {
            poll = Fx.every(POLL_MILLIS, () -> {
                Snapshot s = load();
                Fx.later(() -> apply(s));
            });
        }
    }

    public void stop() {
        if (poll != null) {
            poll.cancel(false);
            poll = null;
        }
    }

    void refreshNow() {
        Fx.async(this::load, this::apply, lastError::set);
    }

    private Snapshot load() {
        return new Snapshot(service.models(), service.runs(RUN_LIMIT), service.requests());
    }

    private void apply(Snapshot s) {
        if (!models.equals(s.models())) {
            models.setAll(s.models());
        }
        if (!runs.equals(s.runs())) {
            runs.setAll(s.runs());
        }
        if (!requests.equals(s.requests())) {
            requests.setAll(s.requests());
        }
        if (startedRun != null) {
            s.runs().stream().filter(r -> r.id().equals(startedRun) && !"running".equals(r.status()) && !"pending".equals(r.status()))
                    .findFirst().ifPresent(r -> {
                        // the header followed the run: "started" is not true any more once it ended
                        message.set("retraining run " + r.id() + " " + r.status() + (r.modelVersion() == null ? ""
                                : ": model " + r.modelVersion() + " " + (Boolean.TRUE.equals(r.promoted()) ? "promoted" : "not promoted")) + " (see Outcome below)");
                        startedRun = null;
                    });
        }
        String active = s.models().stream().filter(m -> "active".equals(m.status())).map(RetrainingService.ModelView::version)
                .findFirst().orElse("none yet");
        long running = s.runs().stream().filter(r -> "running".equals(r.status()) || "pending".equals(r.status())).count();
        long pending = s.requests().stream().filter(r -> "pending".equals(r.status())).count();
        summary.set("active model: " + active + " · " + s.models().size() + " version(s) · " + running + " run(s) in progress · "
                + pending + " pending request(s)");
    }

    /** What a retraining run needs before it trains (the empty runs table says it, with the spec's defaults). */
    static String whatARetrainNeeds() {
        RetrainingConfig c = RetrainingConfig.defaults();
        return String.format(java.util.Locale.ROOT, "A retrain needs at least %d mistakes: scored rows whose true class (feedback)"
                + " differs from a prediction made with confidence %.2f or more in the last %d days.%n"
                + "Mark the true class on scored rows (Inference > Results), then press Retrain now.",
                c.minErrorSamples(), c.confidenceThreshold(), c.lookbackDays());
    }

    /** The daily run when due, the decay check and queued requests, in the background (the app calls this at start). */
    public void startupChecks() {
        Fx.async(() -> {
            service.atStartup();
            return null;
        }, r -> refreshNow(), lastError::set);
    }

    /** Starts a manual run with the spec's defaults (fine-tune or from scratch as chosen). */
    public void retrainNow() {
        RetrainingConfig config = RetrainingConfig.defaults().withFineTune(fineTune.get());
        Fx.async(() -> service.retrain("manual", config, "gui").runId(), id -> {
            startedRun = id;
            message.set("retraining run " + id + " started");
            refreshNow();
        }, lastError::set);
    }

    /**
     * Files a retraining request (normal priority, by this account's user) that the next run taking requests runs;
     * {@code filed} runs on the FX thread once it is in the queue.
     */
    public void requestRetraining(String reason, Runnable filed) {
        if (reason == null || reason.isBlank()) {
            message.set("Write why the model should be retrained, then press Request retraining.");
            return;
        }
        String who = System.getProperty("user.name", "gui");
        Fx.async(() -> service.request(who, reason.trim(), "normal"), id -> {
            message.set("request #" + id + " filed; the next run that takes requests runs it");
            filed.run();
            refreshNow();
        }, lastError::set);
    }

    public void activate(RetrainingService.ModelView model) {
        if (model == null) {
            return;
        }
        Fx.async(() -> {
            service.activate(model.version());
            return model.version();
        }, v -> {
            message.set("model " + v + " is active");
            refreshNow();
        }, lastError::set);
    }

    public void rollback() {
        Fx.async(service::rollback, v -> {
            message.set("rolled back: model " + v + " is active");
            refreshNow();
        }, lastError::set);
    }

    public ObservableList<RetrainingService.ModelView> models() {
        return models;
    }

    public ObservableList<RetrainingService.RunView> runs() {
        return runs;
    }

    public ObservableList<RetrainingService.RequestView> requests() {
        return requests;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public BooleanProperty fineTuneProperty() {
        return fineTune;
    }

    public ObjectProperty<Throwable> lastErrorProperty() {
        return lastError;
    }
}
