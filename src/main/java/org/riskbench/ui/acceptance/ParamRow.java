package org.riskbench.ui.acceptance;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.riskbench.engine.acceptance.ParameterPath;

/** One row of the profile form: a parameter path, its value (editable text), the profile's value and the spec default. */
public final class ParamRow {
    private final ParameterPath parameter;
    private final StringProperty value = new SimpleStringProperty("");
    private final StringProperty profileValue = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanBinding edited = Bindings.createBooleanBinding(() -> !value.get().trim().equals(profileValue.get()),
            value, profileValue);

    ParamRow(ParameterPath parameter) {
        this.parameter = parameter;
    }

    public String path() {
        return parameter.path();
    }

    /** What the value must be: an integer, a decimal or a boolean. */
    public org.riskbench.engine.acceptance.ParamType type() {
        return parameter.type();
    }

    public String defaultText() {
        return String.valueOf(parameter.defaultValue());
    }

    public StringProperty valueProperty() {
        return value;
    }

    /** The value in the chosen profile (file or defaults), before any edit. */
    public StringProperty profileValueProperty() {
        return profileValue;
    }

    /** The message of the last refused edit of this row, "" when it is valid. */
    public StringProperty errorProperty() {
        return error;
    }

    public BooleanBinding editedProperty() {
        return edited;
    }

    /** Resets the row to a profile's value. */
    void reset(Object profileValueObject) {
        String text = String.valueOf(profileValueObject);
        profileValue.set(text);
        value.set(text);
        error.set("");
    }
}
