package org.riskbench.ui.jobs;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.riskbench.jobs.JobService;
import org.riskbench.ui.shell.FxmlScreen;

/** The Jobs destination: live table of every job of the workspace, with details, cancel and retry. */
public final class JobsScreen extends FxmlScreen {
    private final JobsViewModel vm;

    /**
     * @param samplesRunner queues the sample jobs of a new workspace (offered while the workspace has no jobs)
     */
    public JobsScreen(JobService jobs, java.util.concurrent.Callable<java.util.List<String>> samplesRunner,
                      Consumer<Path> folderOpener) {
        this(new JobsViewModel(jobs, samplesRunner), folderOpener);
    }

    private JobsScreen(JobsViewModel vm, Consumer<Path> folderOpener) {
        super("Jobs", "mdi2f-format-list-checks", "/org/riskbench/ui/jobs/JobsView.fxml", new JobsController(vm, folderOpener),
                vm::start, vm::stop);
        this.vm = vm;
    }

    public JobsViewModel viewModel() {
        return vm;
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
