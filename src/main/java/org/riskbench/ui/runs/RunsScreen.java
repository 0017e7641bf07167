package org.riskbench.ui.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import org.riskbench.app.AppContext;
import org.riskbench.ui.shell.Screen;

/**
 * The Runs destination: every tracked run, filtered by a query, compared side by side, with its artifacts; and the
 * workspace's projects with their pipeline steps (Projects tab).
 */
public final class RunsScreen implements Screen {
    private final RunsViewModel vm;
    private final ProjectsViewModel projects;
    private final Node view;

    /** {@code opener} opens a file or folder with the desktop (the app passes its host services). */
    public RunsScreen(AppContext app, Consumer<Path> opener) {
        this.vm = new RunsViewModel(app.tracking());
        this.projects = new ProjectsViewModel(app.projects(), app.jobs());
        FXMLLoader loader = new FXMLLoader(RunsScreen.class.getResource("/org/riskbench/ui/runs/RunsView.fxml"));
        loader.setController(new RunsController(vm, projects, app.root().resolve("projects"), opener));
        try {
            this.view = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the Runs view", e);
        }
    }

    public RunsViewModel viewModel() {
        return vm;
    }

    public ProjectsViewModel projects() {
        return projects;
    }

    @Override
    public String title() {
        return "Runs";
    }

    @Override
    public String icon() {
        return "mdi2h-history";
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public void shown() {
        vm.refreshNow();
        vm.start();
        projects.start();
    }

    @Override
    public void hidden() {
        vm.stop();
        projects.stop();
    }

    @Override
    public java.util.List<String> mainActions() {
        return java.util.List.of("#compareButton", "#runStepButton");
    }

    @Override
    public String cancelAction() {
        return "#cancelStepButton";
    }

    @Override
    public String filter() {
        return "#queryField";
    }
}
