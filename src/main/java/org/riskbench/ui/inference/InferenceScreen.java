package org.riskbench.ui.inference;

import java.nio.file.Path;
import java.util.List;
import org.riskbench.app.InboxService;
import org.riskbench.ui.shell.FxmlScreen;

/**
 * The Inference destination: drop CSV files (here or on the window), see the validation preview, confirm to
 * enrich and queue them, and follow the inbox (pending / processed / failed) with retry, and read the results (classes, reasons, feedback).
 */
public final class InferenceScreen extends FxmlScreen {
    private final InferenceViewModel vm;

    public InferenceScreen(InboxService inbox, org.riskbench.app.ModelService models, org.riskbench.app.ScoringStage scoring,
                           org.riskbench.app.SparkInference sparkInference, Path workspaceRoot) {
        this(new InferenceViewModel(inbox, models, scoring, sparkInference, workspaceRoot));
    }

    private InferenceScreen(InferenceViewModel vm) {
        super("Inference", "mdi2i-inbox-arrow-down", "/org/riskbench/ui/inference/InferenceView.fxml", new InferenceController(vm),
                vm::start, vm::stop);
        this.vm = vm;
    }

    public InferenceViewModel viewModel() {
        return vm;
    }

    /** Files dropped on the main window: the shell's drop handler routes them here. */
    public void filesDropped(List<Path> files) {
        vm.filesDropped(files);
    }


    @Override
    public java.util.List<String> mainActions() {
        return java.util.List.of("#confirmButton", "#chooseButton");
    }
}
