package org.riskbench.spark;

import java.util.HashSet;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.riskbench.core.Progress;

/**
 * Progress from Spark's task counts: the share of the work's partitions that have a successful task (a retried or
 * speculative copy of a partition counts once).
 */
final class TaskProgress extends SparkListener {
    private final JavaSparkContext sc;
    private final int partitions;
    private final String what;
    private final Progress progress;
    private final Set<Integer> done = new HashSet<>();

    private TaskProgress(JavaSparkContext sc, int partitions, String what, Progress progress) {
        this.sc = sc;
        this.partitions = partitions;
        this.what = what;
        this.progress = progress;
    }

    static TaskProgress attach(JavaSparkContext sc, int partitions, String what, Progress progress) {
        TaskProgress p = new TaskProgress(sc, partitions, what, progress);
        progress.report(0.0, what + ": 0/" + partitions + " tasks");
        sc.sc().addSparkListener(p);
        return p;
    }

    void detach() {
        sc.sc().removeSparkListener(this);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!end.taskInfo().successful()) {
            return;
        }
        int d;
        synchronized (done) {
            done.add(end.taskInfo().index());
            d = done.size();
        }
        progress.report(Math.min(0.99, (double) d / partitions), what + ": " + d + "/" + partitions + " tasks");
    }
}
