package org.riskbench.spark;

import java.util.function.Supplier;

/**
 * What the tasks of one run share on an executor: built by the first task that needs it (from the broadcast inputs),
 * then used read-only by the others, as the local engines' workers share theirs. A long-lived executor keeps only the
 * current run's value: another key replaces it.
 *
 * @param <T> the value (a request, a loaded model, a kernel)
 */
final class PerExecutor<T> {
    private String key;
    private T value;

    /** The value for {@code key}, built now if this executor holds none for it. */
    synchronized T get(String key, Supplier<T> build) {
        if (value == null || !this.key.equals(key)) {
            value = null; // a failed build leaves nothing behind
            this.key = key;
            value = build.get();
        }
        return value;
    }
}
