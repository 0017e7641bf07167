package org.riskbench.ui.models;

import org.riskbench.app.RetrainingService;
import org.riskbench.ui.shell.FxmlScreen;

/** The Models destination: versions with metrics and status, retraining runs with live status, requests, Retrain now. */
public final class ModelsScreen extends FxmlScreen {
    private final ModelsViewModel vm;

    /** {@code startupChecks}: run the daily retraining when due, the decay check and queued requests (the app does, at start). */
    public ModelsScreen(RetrainingService retraining, boolean startupChecks) {
        this(new ModelsViewModel(retraining), null, startupChecks);
    }

    /**
     * With the general models too: "New model from a table..." and the evaluation view of a general model version, whose
     * "Score a file..." writes into the run's folder of the workspace and opens it with {@code openFolder}.
     */
    public ModelsScreen(org.riskbench.app.AppContext app, java.util.function.Consumer<java.nio.file.Path> openFolder, boolean startupChecks) {
        this(new ModelsViewModel(app.retraining()), new ModelsController.GeneralModels(app.tabular(), app.jobs(),
                app.tabular()::scoreFolder, openFolder), startupChecks);
    }

    private ModelsScreen(ModelsViewModel vm, ModelsController.GeneralModels general, boolean startupChecks) {
        super("Models", "mdi2c-cube-outline", "/org/riskbench/ui/models/ModelsView.fxml", new ModelsController(vm, general),
                () -> {
                    vm.refreshNow();
                    vm.start();
                }, vm::stop);
        this.vm = vm;
        if (startupChecks) {
            vm.startupChecks();
        }
    }

    public ModelsViewModel viewModel() {
        return vm;
    }


    @Override
    public java.util.List<String> mainActions() {
        return java.util.List.of("#retrainButton");
    }
}
