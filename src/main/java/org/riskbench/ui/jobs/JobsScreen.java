package org.riskbench.ui.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import org.riskbench.jobs.JobService;
import org.riskbench.ui.shell.Screen;

/** The Jobs destination: live table of every job of the workspace, with details, cancel and retry. */
public final class JobsScreen implements Screen {
    private final JobsViewModel vm;
    private final Node view;

    /**
     * @param samplesRunner queues the sample jobs of a new workspace (offered while the workspace has no jobs)
     */
    public JobsScreen(JobService jobs, java.util.concurrent.Callable<java.util.List<String>> samplesRunner,
                      Consumer<Path> folderOpener) {
        this.vm = new JobsViewModel(jobs, samplesRunner);
        FXMLLoader loader = new FXMLLoader(JobsScreen.class.getResource("/org/riskbench/ui/jobs/JobsView.fxml"));
        loader.setController(new JobsController(vm, folderOpener));
        try {
            this.view = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the Jobs view", e);
        }
    }

    public JobsViewModel viewModel() {
        return vm;
    }

    @Override
    public String title() {
        return "Jobs";
    }

    @Override
    public String icon() {
        return "mdi2f-format-list-checks";
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
    public java.util.List<String> mainActions() {
        return java.util.List.of("#runSamplesButton");
    }

    @Override
    public String filter() {
        return "#statusFilter";
    }
}
