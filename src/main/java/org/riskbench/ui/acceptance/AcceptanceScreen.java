package org.riskbench.ui.acceptance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import org.riskbench.app.ReplayService;
import org.riskbench.jobs.JobService;
import org.riskbench.ui.shell.Screen;

/** The Acceptance destination: replay a series through a profile as a job, then linked charts, state diagram and cards. */
public final class AcceptanceScreen implements Screen {
    private final AcceptanceViewModel vm;
    private final AcceptanceController controller;
    private final Node view;

    public AcceptanceScreen(ReplayService replays, JobService jobs, Path workspace) {
        this.vm = new AcceptanceViewModel(replays, jobs);
        this.controller = new AcceptanceController(vm, workspace);
        FXMLLoader loader = new FXMLLoader(AcceptanceScreen.class.getResource("/org/riskbench/ui/acceptance/AcceptanceView.fxml"));
        loader.setController(controller);
        try {
            this.view = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the Acceptance view", e);
        }
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
    public String title() {
        return "Acceptance";
    }

    @Override
    public String icon() {
        return "mdi2s-shield-check";
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
        return "#paramSearch";
    }
}
