package org.riskbench.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.prefs.Preferences;
import javafx.application.Application;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The window's theme (AtlantaFX Primer light or dark), remembered per user in the Java preferences. */
public enum Theme {
    LIGHT, DARK;

    private static final Logger LOG = LoggerFactory.getLogger(Theme.class);
    private static final String KEY = "theme";
    /** The style class on the scene's root while dark, for the few rules (plots) the theme's colours do not reach. */
    public static final String DARK_CLASS = "theme-dark";
    private static volatile Theme current = LIGHT;

    /** The user's preferences node for the window (tests pass their own). */
    public static Preferences userPreferences() {
        return Preferences.userRoot().node("org/riskbench/ui");
    }

    /** The theme the user chose last, light when none or unreadable. */
    public static Theme remembered(Preferences prefs) {
        try {
            return "dark".equals(prefs.get(KEY, "light")) ? DARK : LIGHT;
        } catch (IllegalStateException | SecurityException e) {
            LOG.warn("cannot read the theme preference; using the light theme", e);
            return LIGHT;
        }
    }

    /** Remembers this theme for the next start (a failure to write is logged: the theme still applies now). */
    public void remember(Preferences prefs) {
        try {
            prefs.put(KEY, name().toLowerCase(java.util.Locale.ROOT));
            prefs.flush();
        } catch (java.util.prefs.BackingStoreException | IllegalStateException | SecurityException e) {
            LOG.warn("cannot remember the theme", e);
        }
    }

    /** Sets this theme for every window of the application (FX thread). */
    public void apply() {
        Application.setUserAgentStylesheet(this == DARK ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        current = this;
    }

    /** The theme applied last. */
    public static Theme current() {
        return current;
    }

    /** A window of its own opened from {@code owner} (none: a window alone): owned by it, with its stylesheets and theme. */
    public static void likeOwner(javafx.stage.Stage stage, javafx.scene.Scene scene, javafx.stage.Window owner) {
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
            if (owner.getScene().getRoot().getStyleClass().contains(DARK_CLASS)) {
                scene.getRoot().getStyleClass().add(DARK_CLASS);
            }
            stage.initOwner(owner);
        }
    }
}
