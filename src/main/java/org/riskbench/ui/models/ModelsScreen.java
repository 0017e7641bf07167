package org.riskbench.ui.models;

import org.riskbench.app.RetrainingService;
import org.riskbench.ui.shell.FxmlScreen;

/** The Models destination: versions with metrics and status, retraining runs with live status, requests, Retrain now. */
public final class ModelsScreen extends FxmlScreen {
    private final ModelsViewModel vm;

    /** {@code startupChecks}: run the daily retraining when due, the decay check and queued requests (the app does, at start). */
    public ModelsScreen(RetrainingService retraining, boolean startupChecks) {
        this(new ModelsViewModel(retraining), startupChecks);
    }

    private ModelsScreen(ModelsViewModel vm, boolean startupChecks) {
        super("Models", "mdi2c-cube-outline", "/org/riskbench/ui/models/ModelsView.fxml", new ModelsController(vm));
        this.vm = vm;
        if (startupChecks) {
            vm.startupChecks();
        }
    }

    public ModelsViewModel viewModel() {
        return vm;
    }

    @Override
    public void shown() {
        vm.refreshNow();
        vm.start();
    }

    @Override
    public void hidden() {
        vm.stop();
    }

    @Override
    public java.util.List<String> mainActions() {
        return java.util.List.of("#retrainButton");
    }
}
