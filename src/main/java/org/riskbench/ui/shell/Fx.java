package org.riskbench.ui.shell;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where work crosses between the FX thread and background threads: short store reads
 * and service calls run on a small background pool, and their results come back through
 * {@link Platform#runLater}. Screens never block the FX thread on I/O.
 */
public final class Fx {
    private static final Logger LOG = LoggerFactory.getLogger(Fx.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService BACKGROUND = Executors.newCachedThreadPool(r -> daemon(r, "riskbench-ui-io-"));
    private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(1, r -> daemon(r, "riskbench-ui-poll-"));

    private Fx() {
    }

    private static Thread daemon(Runnable r, String prefix) {
        Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    /** Runs on the FX thread (now, if already on it). */
    public static void later(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    /** Runs {@code work} in the background, then {@code onResult} or {@code onError} on the FX thread. */
    public static <T> void async(Callable<T> work, Consumer<T> onResult, Consumer<Throwable> onError) {
        BACKGROUND.execute(() -> {
            try {
                T result = work.call();
                later(() -> onResult.accept(result));
            } catch (org.riskbench.core.InputException e) {
                // the user's input refused: the screen says why; the trace is for DEBUG only
                LOG.info("refused: {}", e.getMessage());
                LOG.debug("refused", e);
                later(() -> onError.accept(e));
            } catch (Exception | Error e) {
                LOG.warn("background work failed", e);
                later(() -> onError.accept(e));
            }
        });
    }

    /** Repeats background work (a poll) with a fixed delay; failures are logged and the poll goes on. */
    public static ScheduledFuture<?> every(long millis, Runnable backgroundWork) {
        return TIMER.scheduleWithFixedDelay(() -> {
            try {
                backgroundWork.run();
            } catch (RuntimeException e) {
                LOG.warn("poll failed; retrying", e);
            }
        }, 0, millis, TimeUnit.MILLISECONDS);
    }
}
