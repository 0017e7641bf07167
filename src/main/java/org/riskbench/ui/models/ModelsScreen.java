package org.riskbench.ui.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import org.riskbench.app.RetrainingService;
import org.riskbench.ui.shell.Screen;

/** The Models destination: versions with metrics and status, retraining runs with live status, requests, Retrain now. */
public final class ModelsScreen implements Screen {
    private final ModelsViewModel vm;
    private final Node view;

    /** {@code startupChecks}: run the daily retraining when due, the decay check and queued requests (the app does, at start). */
    public ModelsScreen(RetrainingService retraining, boolean startupChecks) {
        this.vm = new ModelsViewModel(retraining);
        FXMLLoader loader = new FXMLLoader(ModelsScreen.class.getResource("/org/riskbench/ui/models/ModelsView.fxml"));
        loader.setController(new ModelsController(vm));
        try {
            this.view = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the Models view", e);
        }
        if (startupChecks) {
            vm.startupChecks();
        }
    }

    public ModelsViewModel viewModel() {
        return vm;
    }

    @Override
    public String title() {
        return "Models";
    }

    @Override
    public String icon() {
        return "mdi2c-cube-outline";
    }

    @Override
    public Node view() {
        return view;
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
