package org.riskbench.ui.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Control;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;

/**
 * Marks the form field a validation message is about (ControlsFX {@link ValidationSupport}: a red mark on the field,
 * the message as its tooltip), beside the sentence the form already shows. The view model stays the one that
 * validates: a field is invalid while its message says so.
 */
public final class FieldValidation {
    private final ValidationSupport support = new ValidationSupport();
    private final List<Control> fields = new ArrayList<>();

    /** {@code field} is invalid while {@code error} (its own message) is not empty. */
    public FieldValidation whileNotEmpty(Control field, ObservableStringValue error) {
        return register(field, error, () -> !error.get().isBlank());
    }

    /** {@code field} is invalid while the form's {@code message} names its {@code key} in quotes ({@code "n_scenarios"}). */
    public FieldValidation whileQuoted(Control field, String key, ObservableStringValue message) {
        return register(field, message, () -> names(message.get(), key));
    }

    static boolean names(String message, String key) {
        return message != null && (message.contains("\"" + key + "\"") || message.contains("'" + key + "'"));
    }

    private FieldValidation register(Control field, ObservableStringValue message, Supplier<Boolean> invalid) {
        support.registerValidator(field, false, (Control c, Object value) -> ValidationResult.fromErrorIf(c, message.get(), invalid.get()));
        message.addListener((o, before, now) -> support.revalidate(field));
        fields.add(field);
        return this;
    }

    /** The fields marked invalid now. */
    public List<Control> invalidFields() {
        return fields.stream().filter(f -> support.getHighestMessage(f).isPresent()).toList();
    }
}
