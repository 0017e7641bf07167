package org.riskbench.ui.runs;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.riskbench.app.AppContext;
import org.riskbench.ui.shell.FxmlScreen;

/**
 * The Runs destination: every tracked run, filtered by a query, compared side by side, with its artifacts; and the
 * workspace's projects with their pipeline steps (Projects tab).
 */
public final class RunsScreen extends FxmlScreen {
    private final RunsViewModel vm;
    private final ProjectsViewModel projects;

    /** {@code opener} opens a file or folder with the desktop (the app passes its host services). */
    public RunsScreen(AppContext app, Consumer<Path> opener) {
        this(new RunsViewModel(app.tracking()), new ProjectsViewModel(app.projects(), app.jobs()), app.root().resolve("projects"), opener);
    }

    private RunsScreen(RunsViewModel vm, ProjectsViewModel projects, Path projectsFolder, Consumer<Path> opener) {
        super("Runs", "mdi2h-history", "/org/riskbench/ui/runs/RunsView.fxml", new RunsController(vm, projects, projectsFolder, opener),
                () -> {
                    vm.refreshNow();
                    vm.start();
                    projects.start();
                }, () -> {
                    vm.stop();
                    projects.stop();
                });
        this.vm = vm;
        this.projects = projects;
    }

    public RunsViewModel viewModel() {
        return vm;
    }

    public ProjectsViewModel projects() {
        return projects;
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
