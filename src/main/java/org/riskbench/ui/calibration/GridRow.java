package org.riskbench.ui.calibration;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One assignment of the grid editor: a parameter path and its values as typed ({@code 5,10} or {@code [5,10]}). */
public final class GridRow {
    private final StringProperty path = new SimpleStringProperty("");
    private final StringProperty values = new SimpleStringProperty("");

    public GridRow(String path, String values) {
        this.path.set(path == null ? "" : path);
        this.values.set(values == null ? "" : values);
    }

    public StringProperty pathProperty() {
        return path;
    }

    public StringProperty valuesProperty() {
        return values;
    }

    boolean isBlank() {
        return path.get().isBlank() && values.get().isBlank();
    }

    /** The assignment text of the grid syntax, {@code path=values}. */
    String assignment() {
        return path.get().trim() + "=" + values.get().trim();
    }
}
