package org.riskbench.engine.scenario;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Independent tasks {@code 0..count-1} (a column each, or a range of rows) run side by side by the calling thread and a
 * few helper threads. Each task does the same arithmetic whoever runs it, so results do not depend on the thread count.
 * Small tables are worked on by the calling thread alone: starting threads would cost more than it saves.
 */
final class ColumnTasks implements AutoCloseable {
    /** Tables of fewer values than this are worked on by the calling thread alone. */
    static final long PARALLEL_FROM_VALUES = 1L << 18;

    private final int threads;
    private final ExecutorService helpers;

    private ColumnTasks(int threads) {
        this.threads = threads;
        this.helpers = threads <= 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "scenario-fit");
            t.setDaemon(true);
            return t;
        });
    }

    /** Tasks over a table of {@code values} numbers: the cores (at most 4) when it is large, else the caller alone. */
    static ColumnTasks forValues(long values) {
        int cores = Math.min(4, Runtime.getRuntime().availableProcessors());
        return new ColumnTasks(values >= PARALLEL_FROM_VALUES ? cores : 1);
    }

    /** Tasks on exactly {@code threads} threads, the caller's included (for tests: results do not depend on it). */
    static ColumnTasks ofThreads(int threads) {
        return new ColumnTasks(threads);
    }

    /** Runs {@code task} for {@code 0..count-1} and returns when all have; the first failure is thrown. */
    void run(int count, IntConsumer task) {
        int extra = helpers == null ? 0 : Math.min(threads, count) - 1;
        if (extra <= 0) {
            for (int k = 0; k < count; k++) {
                task.accept(k);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int k = next.getAndIncrement(); k < count; k = next.getAndIncrement()) {
                task.accept(k);
            }
        };
        Future<?>[] started = new Future<?>[extra];
        for (int i = 0; i < extra; i++) {
            started[i] = helpers.submit(worker);
        }
        Throwable failure = null;
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> f : started) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the tasks are short: finish them, then keep the interrupt for the caller
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}
