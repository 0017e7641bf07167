package org.riskbench.testsupport;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;

/**
 * Whether text on screen is cut ("Confi…"): a Labeled's skin draws its text in a child Text node with the style class
 * {@code text}; when the text does not fit, that node holds the elided string, not the Labeled's own text.
 */
public final class Elision {
    private Elision() {
    }

    /** True when {@code labeled} shows less than its text (cut with an ellipsis or clipped to nothing). */
    public static boolean elided(Labeled labeled) {
        String own = labeled.getText() == null ? "" : labeled.getText();
        if (own.isEmpty()) {
            return false;
        }
        for (Node child : labeled.getChildrenUnmodifiable()) {
            if (child instanceof Text t && child.getStyleClass().contains("text")) {
                return !own.equals(t.getText());
            }
        }
        return true; // no text node at all: nothing of it is drawn
    }

    /**
     * True when the text of {@code field} (its prompt text when empty) fits inside it, measured in its own font: a
     * text field scrolls a longer text and cuts a longer prompt.
     */
    public static boolean fits(javafx.scene.control.TextInputControl field) {
        String shown = field.getText() == null || field.getText().isEmpty() ? field.getPromptText() : field.getText();
        if (shown == null || shown.isEmpty()) {
            return true;
        }
        Text t = new Text(shown);
        t.setFont(field.getFont());
        double room = field.getWidth() - field.snappedLeftInset() - field.snappedRightInset();
        return t.getLayoutBounds().getWidth() <= room + 0.5;
    }

    /** The column header texts of {@code table} that are cut, as drawn ("Accur…"); empty when all show whole. */
    public static List<String> cutHeaders(TableView<?> table) {
        List<String> cut = new ArrayList<>();
        for (Node header : table.lookupAll(".column-header")) {
            if (header instanceof Parent p) {
                for (Node n : p.getChildrenUnmodifiable()) {
                    if (n instanceof Labeled l && l.isVisible() && elided(l)) {
                        cut.add(l.getText());
                    }
                }
            }
        }
        return cut;
    }

    /** The texts of visible Labeled nodes under {@code root} that are cut (table cells included). */
    public static List<String> cutTexts(Parent root) {
        List<String> cut = new ArrayList<>();
        collect(root, cut);
        return cut;
    }

    private static void collect(Parent parent, List<String> cut) {
        for (Node n : parent.getChildrenUnmodifiable()) {
            if (!n.isVisible()) {
                continue;
            }
            // a Labeled whose skin draws no Text of its own (menu bar buttons, titled panes) shows its text through
            // a nested Labeled, which this walk reaches
            if (n instanceof Labeled l && l.getWidth() > 0 && drawsOwnText(l) && !keepsItsEnds(l) && elided(l)) {
                cut.add(l.getText());
            }
            if (n instanceof Parent p) {
                collect(p, cut);
            }
        }
    }

    private static boolean drawsOwnText(Labeled l) {
        return l.getChildrenUnmodifiable().stream().anyMatch(c -> c instanceof Text && c.getStyleClass().contains("text"));
    }

    /** A path shown with its start or middle left out on purpose (its end names the file; the tooltip holds it all). */
    private static boolean keepsItsEnds(Labeled l) {
        return l.getTextOverrun() == javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS
                || l.getTextOverrun() == javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS
                || l.getTextOverrun() == javafx.scene.control.OverrunStyle.LEADING_WORD_ELLIPSIS
                || l.getTextOverrun() == javafx.scene.control.OverrunStyle.CENTER_WORD_ELLIPSIS;
    }
}
