package org.riskbench.ui.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import org.riskbench.app.InboxService;
import org.riskbench.ui.shell.Screen;

/**
 * The Inference destination: drop CSV files (here or on the window), see the validation preview, confirm to
 * enrich and queue them, and follow the inbox (pending / processed / failed) with retry, and read the results (classes, reasons, feedback).
 */
public final class InferenceScreen implements Screen {
    private final InferenceViewModel vm;
    private final Node view;

    public InferenceScreen(InboxService inbox, org.riskbench.app.ModelService models, org.riskbench.app.ScoringStage scoring) {
        this.vm = new InferenceViewModel(inbox, models, scoring);
        FXMLLoader loader = new FXMLLoader(InferenceScreen.class.getResource("/org/riskbench/ui/inference/InferenceView.fxml"));
        loader.setController(new InferenceController(vm));
        try {
            this.view = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the Inference view", e);
        }
    }

    public InferenceViewModel viewModel() {
        return vm;
    }

    /** Files dropped on the main window: the shell's drop handler routes them here. */
    public void filesDropped(List<Path> files) {
        vm.filesDropped(files);
    }

    @Override
    public String title() {
        return "Inference";
    }

    @Override
    public String icon() {
        return "mdi2i-inbox-arrow-down";
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
        return java.util.List.of("#confirmButton", "#chooseButton");
    }
}
