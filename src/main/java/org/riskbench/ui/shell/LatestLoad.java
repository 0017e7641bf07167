package org.riskbench.ui.shell;

import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Reads what a screen shows in the background, keeping only the latest request: a read that ends after another was
 * asked for (or after {@link #forget()}) is dropped, so a slow old result never replaces the newer one. While the
 * latest read runs, {@link #loadingProperty()} is true (the screen's spinner). Used on the FX thread only.
 */
public final class LatestLoad {
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private long latest;

    /** Reads with {@code read} off the FX thread, then hands the result to {@code show}, or the failure to {@code onError}. */
    public <T> void load(Callable<T> read, Consumer<T> show, Consumer<Throwable> onError) {
        loading.set(true);
        long token = ++latest;
        Fx.async(read, result -> {
            if (token == latest) {
                loading.set(false);
                show.accept(result);
            }
        }, error -> {
            if (token == latest) {
                loading.set(false);
                onError.accept(error);
            }
        });
    }

    /** Drops the read under way (what it reads is no longer wanted). */
    public void forget() {
        latest++;
        loading.set(false);
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }
}
