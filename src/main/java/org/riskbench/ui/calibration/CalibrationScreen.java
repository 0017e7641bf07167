package org.riskbench.ui.calibration;

import java.nio.file.Path;
import java.util.function.BiConsumer;
import org.riskbench.app.CalibrationService;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.jobs.JobService;
import org.riskbench.ui.shell.FxmlScreen;

/** The Calibration destination: grid editor and run as a job, then the explorer over the results. */
public final class CalibrationScreen extends FxmlScreen {
    private final CalibrationViewModel vm;
    private final CalibrationController controller;

    /**
     * @param openInAcceptance receives the series and the base profile patched with the chosen point (may be null)
     */
    public CalibrationScreen(CalibrationService calibrations, JobService jobs, Path workspace,
                             BiConsumer<Path, AcceptanceProfile> openInAcceptance) {
        this(new CalibrationViewModel(calibrations, jobs, openInAcceptance, new org.riskbench.ui.shell.RunOn(workspace)), workspace);
    }

    private CalibrationScreen(CalibrationViewModel vm, Path workspace) {
        this(vm, new CalibrationController(vm, workspace));
    }

    private CalibrationScreen(CalibrationViewModel vm, CalibrationController controller) {
        super("Calibration", "mdi2t-tune", "/org/riskbench/ui/calibration/CalibrationView.fxml", controller, vm::start, vm::stop);
        this.vm = vm;
        this.controller = controller;
    }

    public CalibrationViewModel viewModel() {
        return vm;
    }

    HeatMap heatMap() {
        return controller.heatMap;
    }


    @Override
    public String filter() {
        return "#filterField";
    }
}
