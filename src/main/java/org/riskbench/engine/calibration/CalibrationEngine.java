package org.riskbench.engine.calibration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.riskbench.core.CancelledException;
import org.riskbench.core.Progress;
import org.riskbench.engine.acceptance.AcceptanceEngine;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.acceptance.ReplaySummary;

/**
 * Calibration (docs/spec/calibration.md): replays the series once per grid point and scores it.
 *
 * <p>Points are evaluated on a fixed pool of {@code request.threads()} threads created for the run.
 * Workers take the next point index from a shared counter and store the result at that index, so the
 * output is the same whatever the thread count or the scheduling. The series is shared read-only
 * ({@link AcceptanceEngine#summarize} is stateless). Progress is reported from the calling thread
 * (points done / total, a few times per second); workers check for cancel before each point and the
 * replay itself checks every 4096 steps, so a cancel takes effect within one point.
 */
public final class CalibrationEngine {

    /** Recorded in calib_meta.json; bump when results may change. */
    public static final String VERSION = "calibration-1";

    private static final long REPORT_EVERY_MS = 200;

    private CalibrationEngine() {
    }

    public static CalibrationResult run(CalibrationRequest request, Progress progress) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Grid grid = request.grid();
        int total = Math.toIntExact(grid.size());
        PointResult[] results = new PointResult[total];
        AtomicLong next = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Progress replayProgress = new Progress() {
            @Override
            public void report(double fraction, String message) {
                // per-point progress is not interesting; the run reports points done
            }

            @Override
            public boolean isCancelled() {
                return progress.isCancelled() || failure.get() != null;
            }
        };
        int threads = Math.max(1, Math.min(request.threads(), total));
        progress.report(0.0, "calibrating: 0/" + total + " points");
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "calibration-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        CountDownLatch finished = new CountDownLatch(threads);
        try {
            for (int w = 0; w < threads; w++) {
                pool.execute(() -> {
                    try {
                        while (!replayProgress.isCancelled()) {
                            long i = next.getAndIncrement();
                            if (i >= total) {
                                break;
                            }
                            results[(int) i] = evaluate(request, i, replayProgress);
                            done.incrementAndGet();
                        }
                    } catch (CancelledException e) {
                        // stop quietly; the caller throws
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        finished.countDown();
                    }
                });
            }
            long lastDone = -1;
            while (!finished.await(REPORT_EVERY_MS, TimeUnit.MILLISECONDS)) {
                int d = done.get();
                if (d != lastDone) {
                    progress.report((double) d / total, "calibrating: " + d + "/" + total + " points");
                    lastDone = d;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } finally {
            pool.shutdownNow();
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
        progress.checkCancelled();
        double seconds = (System.nanoTime() - t0) / 1e9;
        progress.report(1.0, "calibrated " + total + " points");
        List<PointResult> points = new ArrayList<>(Arrays.asList(results));
        return new CalibrationResult(request, points, CalibrationResult.rank(points), CalibrationResult.pareto(points),
                started, Instant.now(), seconds);
    }

    /** One point: its profile, the replay summary, ScoreV1 and the constraints. */
    public static PointResult evaluate(CalibrationRequest request, long i, Progress progress) {
        Object[] values = request.grid().point(i);
        AcceptanceProfile profile = request.grid().apply(request.base(), i);
        ReplaySummary summary = AcceptanceEngine.summarize(profile, request.series(), progress);
        Metrics m = Metrics.of(summary);
        return score(i, values, m, profile, request.weights(), request.constraints());
    }

    /** Scores a point's metrics: ScoreV1, or -1e9 with the failed items when a constraint fails. */
    static PointResult score(long i, Object[] values, Metrics m, AcceptanceProfile profile, ObjectiveWeights weights,
                             HardConstraints constraints) {
        List<String> failed = constraints.failed(m, profile);
        boolean feasible = failed.isEmpty();
        double score = feasible ? weights.score(m, profile) : HardConstraints.INFEASIBLE_SCORE;
        return new PointResult(i, values, m, score, feasible, failed);
    }
}
