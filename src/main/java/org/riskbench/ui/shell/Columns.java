package org.riskbench.ui.shell;

import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.text.Text;

/**
 * Table columns whose text is read whole: headers never cut to "Accur…", and id columns as wide as their longest id
 * (ids share a kind and date prefix, so a cut at either end hides what tells them apart).
 */
public final class Columns {
    /** Room beside a header's text: its padding and the sort arrow. */
    private static final double HEADER_SLACK = 18;
    /** The widest an id column grows to fit its ids. */
    private static final double MAX_FIT = 460;

    private Columns() {
    }

    /**
     * Every column of {@code table} (also columns added later) gets at least the width its header text needs, measured
     * in the header's own font once the skin has drawn it.
     */
    public static void keepHeadersWhole(TableView<?> table) {
        InvalidationListener fit = o -> Platform.runLater(() -> fitHeaders(table));
        table.getColumns().addListener((ListChangeListener<TableColumn<?, ?>>) c -> fit.invalidated(null));
        table.skinProperty().addListener(fit);
        table.widthProperty().addListener(fit);
        // headers of new columns are made at the next layout: measure once a layout is done
        table.needsLayoutProperty().addListener((o, was, needs) -> {
            if (!needs) {
                fitHeaders(table);
            }
        });
        fit.invalidated(null);
    }

    private static void fitHeaders(TableView<?> table) {
        for (Node n : table.lookupAll(".column-header")) {
            if (n instanceof TableColumnHeader header && header.getTableColumn() != null) {
                TableColumnBase<?, ?> column = header.getTableColumn();
                if (!column.getColumns().isEmpty()) {
                    continue; // a nested header's width is its children's
                }
                Labeled label = headerLabel(header);
                if (label == null || label.getText() == null || label.getText().isEmpty()) {
                    continue;
                }
                double need = textWidth(label.getText(), label) + HEADER_SLACK;
                if (column.getMinWidth() < need && !column.minWidthProperty().isBound()) {
                    column.setMinWidth(Math.ceil(need));
                }
                if (column.getPrefWidth() < need) {
                    column.setPrefWidth(Math.ceil(need));
                }
            }
        }
    }

    private static Labeled headerLabel(Parent header) {
        for (Node child : header.getChildrenUnmodifiable()) {
            if (child instanceof Labeled l) {
                return l;
            }
        }
        return null;
    }

    private static double textWidth(String text, Labeled in) {
        Text t = new Text(text);
        t.setFont(in.getFont());
        return t.getLayoutBounds().getWidth();
    }

    /**
     * {@code last} takes the width the other columns of {@code table} leave (at least its minimum), so the table needs no
     * horizontal scrolling to show it; the table's resize policy becomes unconstrained (a constrained one grew every
     * column past the table's width once headers and ids set minimum widths).
     */
    public static <S> void fillWithLast(TableView<S> table, TableColumn<S, ?> last) {
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        Runnable fit = () -> {
            double others = 0;
            for (TableColumn<S, ?> c : table.getColumns()) {
                if (c != last && c.isVisible()) {
                    others += c.getWidth();
                }
            }
            double room = table.getWidth() - table.snappedLeftInset() - table.snappedRightInset() - others - SCROLL_BAR;
            last.setPrefWidth(Math.max(last.getMinWidth(), Math.floor(room)));
        };
        table.widthProperty().addListener(o -> fit.run());
        table.getColumns().addListener((ListChangeListener<TableColumn<S, ?>>) c -> {
            fit.run();
            while (c.next()) {
                c.getAddedSubList().forEach(col -> col.widthProperty().addListener(o -> fit.run()));
            }
        });
        table.getColumns().forEach(col -> {
            if (col != last) {
                col.widthProperty().addListener(o -> fit.run());
            }
        });
        fit.run();
    }

    /** Room kept for a vertical scroll bar. */
    private static final double SCROLL_BAR = 16;

    /**
     * Cells of {@code column} show their text whole: the column widens (up to {@value #MAX_FIT} px) to the widest text
     * a cell was given, measured in the cell's own font.
     */
    public static <S> void fitContent(TableColumn<S, String> column) {
        column.setCellFactory(c -> new TableCell<>() {
            {
                // the theme's font and padding arrive with CSS, after the first item: measure again then
                fontProperty().addListener(o -> widen());
                paddingProperty().addListener(o -> widen());
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                widen();
            }

            private void widen() {
                String item = getText();
                if (item == null || item.isEmpty()) {
                    return;
                }
                double need = Math.min(MAX_FIT, Math.ceil(textWidth(item, this) + snappedLeftInset() + snappedRightInset() + 8));
                if (column.getPrefWidth() < need) {
                    Platform.runLater(() -> {
                        if (column.getPrefWidth() < need) {
                            if (!column.minWidthProperty().isBound()) { // a bound minimum has its own rule
                                column.setMinWidth(Math.max(column.getMinWidth(), need));
                            }
                            column.setPrefWidth(need);
                        }
                    });
                }
            }
        });
    }
}
