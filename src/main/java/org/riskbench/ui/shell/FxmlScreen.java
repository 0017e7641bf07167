package org.riskbench.ui.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;

/**
 * A rail destination whose view is an FXML file bound to a controller, loaded once when the screen is made; its view
 * model starts polling when the screen shows and stops when another screen replaces it.
 */
public abstract class FxmlScreen implements Screen {
    private final String title;
    private final String icon;
    private final Node view;
    private final Runnable onShown;
    private final Runnable onHidden;

    /**
     * @param fxml       the view's resource path, e.g. {@code /org/riskbench/ui/jobs/JobsView.fxml}
     * @param controller the view's controller (its {@code @FXML} fields are filled, then {@code initialize()} runs)
     * @param onShown    what the screen does when it becomes visible (typically its view model's {@code start})
     * @param onHidden   ... and when it is hidden (its view model's {@code stop}: a running job goes on)
     */
    protected FxmlScreen(String title, String icon, String fxml, Object controller, Runnable onShown, Runnable onHidden) {
        this.title = title;
        this.icon = icon;
        this.onShown = onShown;
        this.onHidden = onHidden;
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

    @Override
    public final void shown() {
        onShown.run();
    }

    @Override
    public final void hidden() {
        onHidden.run();
    }
}
