package org.riskbench.testsupport;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Waits for a condition on the screen, checking it on the JavaFX thread. A window's nodes and its tables' item lists
 * are only safe to read there: checked from the test thread, a condition once read a step table in the middle of its
 * refresh (an IndexOutOfBoundsException in CI), which TestFX's own {@code waitFor} lets through as an error.
 */
public final class FxWait {
    private static final long POLL_MILLIS = 10;

    private FxWait() {
    }

    /** Returns once {@code condition} holds; a {@link TimeoutException} when it has not within the timeout. */
    public static void until(long timeout, TimeUnit unit, Callable<Boolean> condition) throws TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!onFx(condition, deadline)) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("the condition did not hold within " + timeout + " " + unit.name().toLowerCase());
            }
            WaitForAsyncUtils.sleep(POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** {@code value}'s answer read on the JavaFX thread: a table's items, say, while the screen may refresh them. */
    public static <T> T read(Callable<T> value) {
        try {
            return onFx(value, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** {@code value} called on the JavaFX thread, its answer awaited until a second past {@code deadline}. */
    private static <T> T onFx(Callable<T> value, long deadline) throws TimeoutException {
        try {
            if (Platform.isFxApplicationThread()) {
                return value.call();
            }
            // a plain future rather than TestFX's asyncFx, which keeps a failed check to rethrow in a later wait
            CompletableFuture<T> answer = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    answer.complete(value.call());
                } catch (Throwable failed) {
                    answer.completeExceptionally(failed);
                }
            });
            try {
                return answer.get(Math.max(deadline - System.nanoTime(), 0) + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
            } catch (TimeoutException busy) {
                answer.cancel(false);
                throw new TimeoutException("the JavaFX thread did not answer within the timeout; is it blocked?");
            }
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof Error e) {
                throw e;
            }
            throw failed.getCause() instanceof RuntimeException r ? r : new IllegalStateException(failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        } catch (TimeoutException timeout) {
            throw timeout;
        } catch (Exception failed) {
            throw failed instanceof RuntimeException r ? r : new IllegalStateException(failed);
        }
    }
}
