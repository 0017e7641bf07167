package org.riskbench.ui.acceptance;

import java.nio.file.Path;
import org.riskbench.app.ReplayService;
import org.riskbench.jobs.JobService;
import org.riskbench.ui.shell.FxmlScreen;

/** The Acceptance destination: replay a series through a profile as a job, then linked charts, state diagram and cards. */
public final class AcceptanceScreen extends FxmlScreen {
    private final AcceptanceViewModel vm;
    private final AcceptanceController controller;

    public AcceptanceScreen(ReplayService replays, JobService jobs, Path workspace) {
        this(new AcceptanceViewModel(replays, jobs), workspace);
    }

    private AcceptanceScreen(AcceptanceViewModel vm, Path workspace) {
        this(vm, new AcceptanceController(vm, workspace));
    }

    private AcceptanceScreen(AcceptanceViewModel vm, AcceptanceController controller) {
        super("Acceptance", "mdi2s-shield-check", "/org/riskbench/ui/acceptance/AcceptanceView.fxml", controller, vm::start, vm::stop);
        this.vm = vm;
        this.controller = controller;
    }

    public AcceptanceViewModel viewModel() {
        return vm;
    }

    ReplayCharts charts() {
        return controller.charts;
    }

    StateDiagram diagram() {
        return controller.diagram;
    }

    SummaryCards cards() {
        return controller.cards;
    }


    @Override
    public String filter() {
        return "#paramSearch";
    }
}
