package org.riskbench.ui.shell;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** A destination whose screen is not built yet: it says so plainly, and what to use meanwhile. */
public final class PlaceholderScreen implements Screen {
    private final String title;
    private final String icon;
    private final VBox root;
    private final Label extra = new Label();

    public PlaceholderScreen(String title, String icon, String whatItWillDo, String meanwhile) {
        this.title = title;
        this.icon = icon;
        FontIcon big = new FontIcon(icon);
        big.setIconSize(64);
        big.getStyleClass().add("placeholder-icon");
        Label heading = new Label(title + ": not built yet");
        heading.getStyleClass().add("title-2");
        Label what = new Label(whatItWillDo);
        what.setWrapText(true);
        what.setMaxWidth(560);
        Label hint = new Label(meanwhile);
        hint.setWrapText(true);
        hint.setMaxWidth(560);
        hint.getStyleClass().add("text-muted");
        extra.setWrapText(true);
        extra.setMaxWidth(560);
        root = new VBox(14, big, heading, what, hint, extra);
        root.setAlignment(Pos.CENTER);
        root.getStyleClass().add("placeholder");
    }

    /** Extra information shown under the text (e.g. files dropped on the window). */
    public void setNote(String note) {
        extra.setText(note);
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String icon() {
        return icon;
    }

    @Override
    public Node view() {
        return root;
    }
}
