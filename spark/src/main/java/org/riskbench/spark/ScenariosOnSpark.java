package org.riskbench.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import org.riskbench.core.Progress;
import org.riskbench.engine.scenario.ScenarioEngine;
import org.riskbench.engine.scenario.ScenarioKernel;
import org.riskbench.engine.scenario.ScenarioMetrics;

/**
 * A scenario run's scenarios as Spark tasks ({@link ScenarioEngine.Scenarios}): the scenario ids cut into contiguous
 * blocks, one task each; each executor builds the run's kernel once from the broadcast inputs (its table read from the
 * shared path and cached) and runs its scenarios with {@link ScenarioKernel#run}, the local engine's per-scenario
 * code; the metrics come back in scenario order. A scenario's result depends only on (table, config, id), so a
 * retried task gives the same rows. Cancel or {@code max_runtime_sec} cancels the Spark job: no scenario is reported.
 */
final class ScenariosOnSpark implements ScenarioEngine.Scenarios {
    private final JavaSparkContext sc;
    private final ScenarioInputs inputs;
    private final int blocks;

    ScenariosOnSpark(JavaSparkContext sc, ScenarioInputs inputs, int blocks) {
        this.sc = sc;
        this.inputs = inputs;
        this.blocks = blocks;
    }

    @Override
    public ScenarioMetrics[] run(int n, BooleanSupplier stop, Progress progress) {
        int parts = Math.max(1, Math.min(n, blocks));
        List<Integer> blockIds = new ArrayList<>(parts);
        for (int b = 0; b < parts; b++) {
            blockIds.add(b);
        }
        Broadcast<ScenarioInputs> shared = sc.broadcast(inputs);
        Broadcast<SerializableConfiguration> hadoop = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        TaskProgress listener = TaskProgress.attach(sc, parts, "scenarios", progress);
        ScenarioMetrics[] out = new ScenarioMetrics[n];
        try {
            sc.setJobDescription("riskbench scenario run: " + n + " scenarios in " + parts + " blocks");
            JavaFutureAction<List<ScenarioOutcome>> job = sc.parallelize(blockIds, parts)
                    .mapPartitions((Iterator<Integer> it) -> {
                        ScenarioKernel kernel = shared.value().kernel(hadoop.value().value());
                        double[] scores = new double[kernel.rows()];
                        int[] counts = new int[kernel.rows()];
                        List<ScenarioOutcome> rows = new ArrayList<>();
                        TaskContext task = TaskContext.get();
                        BooleanSupplier killed = () -> task != null && task.isInterrupted();
                        while (it.hasNext()) {
                            int b = it.next();
                            for (long s = CalibrationOnSpark.first(b, parts, n); s < CalibrationOnSpark.first(b + 1, parts, n); s++) {
                                ScenarioMetrics m = killed.getAsBoolean() ? null : kernel.run((int) s, scores, counts, killed);
                                if (m == null) {
                                    task.killTaskIfInterrupted(); // the job was cancelled: end the task now
                                }
                                rows.add(ScenarioOutcome.of(m));
                            }
                        }
                        return rows.iterator();
                    })
                    .collectAsync();
            List<ScenarioOutcome> rows = await(job, stop);
            if (rows == null) {
                return out; // stopped: nothing completed as far as the run is concerned
            }
            for (ScenarioOutcome o : rows) {
                out[o.scenarioId()] = o.metrics();
            }
        } finally {
            listener.detach();
            shared.destroy();
            hadoop.destroy();
        }
        for (int s = 0; s < n; s++) {
            if (out[s] == null) {
                throw new IllegalStateException("scenario " + s + " came back from no task");
            }
        }
        return out;
    }

    /** The job's rows, or null when {@code stop} said so first (the job is then cancelled). */
    private static List<ScenarioOutcome> await(JavaFutureAction<List<ScenarioOutcome>> job, BooleanSupplier stop) {
        try {
            while (true) {
                try {
                    return job.get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (stop.getAsBoolean()) {
                        job.cancel(true);
                        return null;
                    }
                }
            }
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new org.riskbench.core.CancelledException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        }
    }
}
