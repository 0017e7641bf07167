package org.riskbench.ui.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.riskbench.app.AnalysisResults;
import org.riskbench.app.InboxService;
import org.riskbench.app.ModelService;
import org.riskbench.core.Progress;
import org.riskbench.ui.shell.ErrorDialog;
import org.riskbench.ui.shell.Fx;

/**
 * State of the Results tab: one processed analysis (its rows read in the background), the class and text
 * filters, the selected row, and the analyst's feedback (stored through {@link ModelService}, off the FX thread).
 */
public final class ResultsViewModel {
    private final InboxService inbox;
    private final ModelService models;
    private final AtomicInteger loads = new AtomicInteger();
    private final ObjectProperty<AnalysisResults> results = new SimpleObjectProperty<>();
    private final ObservableList<ResultItem> items = FXCollections.observableArrayList();
    private final FilteredList<ResultItem> filtered = new FilteredList<>(items, i -> true);
    private final StringProperty classFilter = new SimpleStringProperty();
    private final StringProperty textFilter = new SimpleStringProperty("");
    private final ObjectProperty<ResultItem> selected = new SimpleObjectProperty<>();
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final DoubleProperty loadProgress = new SimpleDoubleProperty(-1);
    private final StringProperty loadMessage = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty messageIsError = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();

    public ResultsViewModel(InboxService inbox, ModelService models) {
        this.inbox = inbox;
        this.models = models;
        classFilter.addListener((o, a, b) -> refilter());
        textFilter.addListener((o, a, b) -> refilter());
        // "Row 1158: true class ... stored" is about that row: it goes when another row is selected
        selected.addListener((o, a, b) -> {
            if (messageRow != null && (b == null || b.row().row() != messageRow)) {
                message.set("");
                messageRow = null;
            }
        });
    }

    /** The row the current message is about, if it is about one. */
    private Long messageRow;

    private void refilter() {
        String c = classFilter.get();
        String t = textFilter.get() == null ? "" : textFilter.get().trim().toLowerCase(Locale.ROOT);
        filtered.setPredicate(i -> (c == null || c.equals(i.row().finalClass())) && i.matches(t));
    }

    /** Reads a processed analysis (rows and stored feedback) in the background; a later open wins. */
    public void open(String analysisId) {
        int token = loads.incrementAndGet();
        loading.set(true);
        loadProgress.set(-1);
        loadMessage.set("Reading the results of " + analysisId + "…");
        message.set("");
        Progress progress = new Progress() {
            @Override
            public void report(double fraction, String text) {
                Fx.later(() -> {
                    if (loads.get() == token) {
                        loadProgress.set(fraction);
                        loadMessage.set("Reading " + analysisId + ": " + text + "…");
                    }
                });
            }

            @Override
            public boolean isCancelled() {
                return loads.get() != token;
            }
        };
        Fx.async(() -> {
            AnalysisResults r = inbox.results(analysisId, progress);
            Map<Long, String> feedback = models.feedbackOf(analysisId);
            List<ResultItem> list = new ArrayList<>(r.rows().size());
            r.rows().forEach(row -> list.add(new ResultItem(row, feedback.get(row.row()))));
            return Map.entry(r, list);
        }, loaded -> {
            if (loads.get() != token) {
                return;
            }
            selected.set(null);
            items.setAll(loaded.getValue());
            results.set(loaded.getKey());
            loading.set(false);
        }, error -> {
            if (loads.get() != token) {
                return;
            }
            loading.set(false);
            error("Cannot open the results of " + analysisId + ": " + ErrorDialog.userMessage(error));
        });
    }

    /** Opens the newest processed analysis, if there is one. */
    public void openLatest() {
        Fx.async(() -> inbox.list().stream().filter(e -> "processed".equals(e.state())).map(InboxService.Entry::analysisId)
                .findFirst().orElse(null), id -> {
                    if (id == null) {
                        info("No processed analysis yet: confirm a file on the Upload tab.");
                    } else {
                        open(id);
                    }
                }, error -> error(ErrorDialog.userMessage(error)));
    }

    /** Stores the row's true class (the evaluation log), then shows it in the row. */
    public void setTrueClass(ResultItem item, String trueClass) {
        AnalysisResults r = results.get();
        if (item == null || r == null || trueClass == null) {
            return;
        }
        busy.set(true);
        String id = r.analysisId();
        long row = item.row().row();
        Fx.async(() -> {
            models.feedback(id, row, trueClass);
            return models.feedbackOf(id).get(row);
        }, stored -> {
            busy.set(false);
            item.trueClassProperty().set(stored);
            info("Row " + row + ": true class " + stored + " stored.");
            messageRow = row;
        }, error -> {
            busy.set(false);
            error("Feedback not stored: " + ErrorDialog.userMessage(error));
            messageRow = row;
        });
    }

    /** "Mark correct": the true class is the predicted one. */
    public void markCorrect(ResultItem item) {
        if (item != null) {
            setTrueClass(item, item.row().finalClass());
        }
    }

    /** Imports a feedback CSV ({@code analysis_id,row,true_class}); says how many rows, or the first bad line. */
    public void importFeedback(Path csv) {
        busy.set(true);
        AnalysisResults r = results.get();
        Fx.async(() -> {
            int n = models.importFeedback(csv);
            return Map.entry(n, r == null ? Map.<Long, String>of() : models.feedbackOf(r.analysisId()));
        }, done -> {
            busy.set(false);
            if (r != null && r == results.get()) {
                Map<Long, String> fb = done.getValue();
                items.forEach(i -> i.trueClassProperty().set(fb.get(i.row().row())));
            }
            info(String.format(Locale.ROOT, "Imported %,d feedback row%s from %s.", done.getKey(), done.getKey() == 1 ? "" : "s",
                    csv.getFileName()));
        }, error -> {
            busy.set(false);
            error("Nothing imported: " + ErrorDialog.userMessage(error));
        });
    }

    private void info(String text) {
        messageRow = null;
        messageIsError.set(false);
        message.set(text);
    }

    private void error(String text) {
        messageRow = null;
        messageIsError.set(true);
        message.set(text);
    }

    // ---- properties ---------------------------------------------------------------------------------

    public ObjectProperty<AnalysisResults> resultsProperty() {
        return results;
    }

    public ObservableList<ResultItem> items() {
        return items;
    }

    public FilteredList<ResultItem> filtered() {
        return filtered;
    }

    /** The class shown, or null for all. */
    public StringProperty classFilterProperty() {
        return classFilter;
    }

    public StringProperty textFilterProperty() {
        return textFilter;
    }

    public ObjectProperty<ResultItem> selectedProperty() {
        return selected;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }

    public DoubleProperty loadProgressProperty() {
        return loadProgress;
    }

    public StringProperty loadMessageProperty() {
        return loadMessage;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public BooleanProperty messageIsErrorProperty() {
        return messageIsError;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }
}
