package org.riskbench.ui.scenarios;

import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import org.riskbench.app.AppContext;
import org.riskbench.ui.shell.Screen;

/** The Scenarios destination: config form and run, past runs, results (table, box plots, model), compare. */
public final class ScenariosScreen implements Screen {
    private final ScenariosViewModel vm;
    private final Node view;

    public ScenariosScreen(AppContext app) {
        this.vm = new ScenariosViewModel(app);
        FXMLLoader loader = new FXMLLoader(ScenariosScreen.class.getResource("/org/riskbench/ui/scenarios/ScenariosView.fxml"));
        loader.setController(new ScenariosController(vm));
        try {
            this.view = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the Scenarios view", e);
        }
    }

    public ScenariosViewModel viewModel() {
        return vm;
    }

    @Override
    public String title() {
        return "Scenarios";
    }

    @Override
    public String icon() {
        return "mdi2c-chart-bell-curve";
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
}
