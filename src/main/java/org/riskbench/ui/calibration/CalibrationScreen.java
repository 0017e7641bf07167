package org.riskbench.ui.calibration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import org.riskbench.app.CalibrationService;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.jobs.JobService;
import org.riskbench.ui.shell.Screen;

/** The Calibration destination: grid editor and run as a job, then the explorer over the results. */
public final class CalibrationScreen implements Screen {
    private final CalibrationViewModel vm;
    private final CalibrationController controller;
    private final Node view;

    /**
     * @param openInAcceptance receives the series and the base profile patched with the chosen point (may be null)
     */
    public CalibrationScreen(CalibrationService calibrations, JobService jobs, Path workspace,
                             BiConsumer<Path, AcceptanceProfile> openInAcceptance) {
        this.vm = new CalibrationViewModel(calibrations, jobs, openInAcceptance);
        this.controller = new CalibrationController(vm, workspace);
        FXMLLoader loader = new FXMLLoader(CalibrationScreen.class.getResource("/org/riskbench/ui/calibration/CalibrationView.fxml"));
        loader.setController(controller);
        try {
            this.view = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the Calibration view", e);
        }
    }

    public CalibrationViewModel viewModel() {
        return vm;
    }

    HeatMap heatMap() {
        return controller.heatMap;
    }

    @Override
    public String title() {
        return "Calibration";
    }

    @Override
    public String icon() {
        return "mdi2t-tune";
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public void shown() {
        vm.start();
    }

    @Override
    public void hidden() {
        vm.stop();
    }

    @Override
    public String filter() {
        return "#filterField";
    }
}
