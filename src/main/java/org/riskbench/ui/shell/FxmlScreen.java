package org.riskbench.ui.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;

/** A rail destination whose view is an FXML file bound to a controller, loaded once when the screen is made. */
public abstract class FxmlScreen implements Screen {
    private final String title;
    private final String icon;
    private final Node view;

    /**
     * @param fxml       the view's resource path, e.g. {@code /org/riskbench/ui/jobs/JobsView.fxml}
     * @param controller the view's controller (its {@code @FXML} fields are filled, then {@code initialize()} runs)
     */
    protected FxmlScreen(String title, String icon, String fxml, Object controller) {
        this.title = title;
        this.icon = icon;
        FXMLLoader loader = new FXMLLoader(FxmlScreen.class.getResource(fxml));
        loader.setController(controller);
        try {
            this.view = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the " + title + " view", e);
        }
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final String icon() {
        return icon;
    }

    @Override
    public final Node view() {
        return view;
    }
}
