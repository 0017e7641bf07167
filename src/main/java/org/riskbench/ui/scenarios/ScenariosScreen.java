package org.riskbench.ui.scenarios;

import org.riskbench.app.AppContext;
import org.riskbench.ui.shell.FxmlScreen;

/** The Scenarios destination: config form and run, past runs, results (table, box plots, model), compare. */
public final class ScenariosScreen extends FxmlScreen {
    private final ScenariosViewModel vm;

    public ScenariosScreen(AppContext app) {
        this(new ScenariosViewModel(app));
    }

    private ScenariosScreen(ScenariosViewModel vm) {
        super("Scenarios", "mdi2c-chart-bell-curve", "/org/riskbench/ui/scenarios/ScenariosView.fxml", new ScenariosController(vm),
                vm::start, vm::stop);
        this.vm = vm;
    }

    public ScenariosViewModel viewModel() {
        return vm;
    }
}
