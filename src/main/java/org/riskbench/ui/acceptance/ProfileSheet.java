package org.riskbench.ui.acceptance;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import javafx.beans.value.ObservableValue;
import org.controlsfx.control.PropertySheet;

/**
 * The profile's values as a ControlsFX {@link PropertySheet}: a typed editor per parameter (a number field for
 * integers and decimals, a check box for booleans), grouped by the path's dotted prefix, with the sheet's search box.
 * Every edit goes through the view model, which checks it and names the key of a refused value.
 */
final class ProfileSheet {
    /** The category of top-level parameters (warmup, sigma_floor, ...). */
    static final String GENERAL = "general";

    private ProfileSheet() {
    }

    static PropertySheet build(List<ParamRow> rows, BiConsumer<String, String> edit) {
        PropertySheet sheet = new PropertySheet() {
            @Override
            protected void layoutChildren() {
                super.layoutChildren();
                // the sheet's own search box, named so Ctrl+F finds it (made with the skin; the editors are plain fields)
                javafx.scene.Node search = lookup(".custom-text-field");
                if (search != null && !"paramSearch".equals(search.getId())) {
                    search.setId("paramSearch");
                }
            }
        };
        sheet.setId("paramSheet");
        sheet.setMode(PropertySheet.Mode.CATEGORY);
        sheet.setSearchBoxVisible(true);
        sheet.setModeSwitcherVisible(true);
        // narrow number fields (a value has a few digits): the names beside them keep their width, where the default
        // fields of twelve columns cut "enter_warn_runs" to "enter_warn..."
        org.controlsfx.property.editor.DefaultPropertyEditorFactory defaults = new org.controlsfx.property.editor.DefaultPropertyEditorFactory();
        sheet.setPropertyEditorFactory(item -> {
            org.controlsfx.property.editor.PropertyEditor<?> editor = defaults.call(item);
            if (editor != null && editor.getEditor() instanceof javafx.scene.control.TextField field) {
                field.setPrefColumnCount(5);
            }
            return editor;
        });
        refill(sheet, rows, edit);
        return sheet;
    }

    /** Puts one item per row in the sheet again (after the profile changed under the editors). */
    static void refill(PropertySheet sheet, List<ParamRow> rows, BiConsumer<String, String> edit) {
        sheet.getItems().setAll(rows.stream().map(r -> (PropertySheet.Item) new Item(r, edit)).toList());
    }

    /** One parameter: its type, category and value as the sheet's editors want them. */
    static final class Item implements PropertySheet.Item {
        private final ParamRow row;
        private final BiConsumer<String, String> edit;

        Item(ParamRow row, BiConsumer<String, String> edit) {
            this.row = row;
            this.edit = edit;
        }

        @Override
        public Class<?> getType() {
            return switch (row.type()) {
                case INTEGER -> Integer.class;
                case DECIMAL -> Double.class;
                case BOOLEAN -> Boolean.class;
            };
        }

        @Override
        public String getCategory() {
            int dot = row.path().indexOf('.');
            return dot < 0 ? GENERAL : row.path().substring(0, dot);
        }

        /** The path after its category ("dwell_pass" under hysteresis), which the search box matches; the whole path is in the tooltip. */
        @Override
        public String getName() {
            int dot = row.path().indexOf('.');
            return dot < 0 ? row.path() : row.path().substring(dot + 1);
        }

        @Override
        public String getDescription() {
            String profile = row.profileValueProperty().get();
            return row.path() + ": default " + row.defaultText()
                    + (profile.equals(row.defaultText()) ? "" : ", this profile " + profile);
        }

        /** The row's text as the editor's type; null while the text is not one (the message says why). */
        @Override
        public Object getValue() {
            String text = row.valueProperty().get().trim();
            try {
                return switch (row.type()) {
                    case INTEGER -> Integer.valueOf((int) Math.round(Double.parseDouble(text)));
                    case DECIMAL -> Double.valueOf(text);
                    case BOOLEAN -> Boolean.valueOf(text);
                };
            } catch (NumberFormatException e) {
                return null;
            }
        }

        @Override
        public void setValue(Object value) {
            String text = value == null ? "" : String.valueOf(value);
            if (!text.equals(row.valueProperty().get())) {
                edit.accept(row.path(), text);
            }
        }

        /** None: an edit must not come back into the field being typed in; a new profile refills the sheet. */
        @Override
        public Optional<ObservableValue<? extends Object>> getObservableValue() {
            return Optional.empty();
        }

        ParamRow row() {
            return row;
        }
    }
}
