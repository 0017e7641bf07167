package org.riskbench.server;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.riskbench.app.AppContext;
import org.riskbench.app.Monitoring;
import org.riskbench.core.model.JobStatus;

/**
 * The Prometheus view of the workspace, made by the official client: at each scrape the families are built from what
 * the store and the workspace's files say now ({@link Monitoring}), so jobs run by the CLI or the GUI on the same
 * workspace count as well as this server's. Counters are totals over the workspace's history (they only fall if its
 * history is deleted); the acceptance gauges are the final step of each profile's latest replay. JVM metrics come from
 * the client's JVM instrumentation.
 */
final class WorkspaceMetrics implements MultiCollector {
    /** Job run time buckets, seconds: from a quick replay to a long calibration. */
    static final double[] DURATION_BUCKETS = {0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, Double.POSITIVE_INFINITY};
    private static final List<String> STATES = List.of("pending", "running", "succeeded", "failed", "cancelled");

    private final Monitoring monitoring;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();

    private final java.util.function.Supplier<String> workersDown;

    WorkspaceMetrics(AppContext app, java.util.function.Supplier<String> workersDown) {
        this.monitoring = app.monitoring();
        this.workersDown = workersDown;
        registry.register(this);
        JvmMetrics.builder().register(registry);
    }

    /** Writes a scrape in the format the client asked for (Accept header); returns its content type. */
    String write(String acceptHeader, OutputStream out) throws IOException {
        ExpositionFormatWriter writer = formats.findWriter(acceptHeader);
        writer.write(out, registry.scrape());
        return writer.getContentType();
    }

    String contentType(String acceptHeader) {
        return formats.findWriter(acceptHeader).getContentType();
    }

    @Override
    public MetricSnapshots collect() {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        // what /readyz answers, as a series Prometheus can alert on without a blackbox prober
        boolean ready = workersDown.get() == null && monitoring.writeProbe(java.time.Duration.ofSeconds(1)).isEmpty();
        all.metricSnapshot(GaugeSnapshot.builder().name("riskbench_ready")
                .help("1 when the database takes a write within 1 s and the job workers run (as /readyz), else 0")
                .dataPoint(GaugeDataPointSnapshot.builder().value(ready ? 1 : 0).build()).build());
        jobs(all);
        inbox(all);
        inference(all);
        acceptance(all);
        return all.build();
    }

    private void jobs(MetricSnapshots.Builder all) {
        CounterSnapshot.Builder total = CounterSnapshot.builder().name("riskbench_jobs")
                .help("Jobs of the workspace by kind and status (any process: CLI, GUI, server)");
        long running = 0;
        Map<String, Map<String, Long>> byKind = new TreeMap<>();
        for (Monitoring.JobCount c : monitoring.jobCounts()) {
            byKind.computeIfAbsent(c.kind(), k -> new LinkedHashMap<>()).merge(c.status(), c.count(), Long::sum);
            if (JobStatus.RUNNING.dbName().equals(c.status())) {
                running += c.count();
            }
        }
        // every status of a kind that exists, zeros included: a rate over a series that appears late misses its start
        byKind.forEach((kind, counts) -> STATES.forEach(status -> total.dataPoint(CounterDataPointSnapshot.builder()
                .labels(Labels.of("kind", kind, "status", status)).value(counts.getOrDefault(status, 0L)).build())));
        all.metricSnapshot(total.build());
        all.metricSnapshot(GaugeSnapshot.builder().name("riskbench_jobs_running").help("Jobs running now in the workspace")
                .dataPoint(GaugeDataPointSnapshot.builder().value(running).build()).build());

        Map<String, long[]> buckets = new TreeMap<>();
        Map<String, Double> sums = new TreeMap<>();
        for (Monitoring.JobDuration d : monitoring.jobDurations()) {
            long[] counts = buckets.computeIfAbsent(d.kind(), k -> new long[DURATION_BUCKETS.length]);
            int i = 0;
            while (d.seconds() > DURATION_BUCKETS[i]) {
                i++;
            }
            counts[i]++;
            sums.merge(d.kind(), d.seconds(), Double::sum);
        }
        HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name("riskbench_job_duration_seconds")
                .help("Run time of the finished jobs of the workspace, by kind");
        buckets.forEach((kind, counts) -> histogram.dataPoint(HistogramDataPointSnapshot.builder()
                .labels(Labels.of("kind", kind)).classicHistogramBuckets(ClassicHistogramBuckets.of(DURATION_BUCKETS, counts))
                .sum(sums.get(kind)).build()));
        all.metricSnapshot(histogram.build());
    }

    private void inbox(MetricSnapshots.Builder all) {
        GaugeSnapshot.Builder files = GaugeSnapshot.builder().name("riskbench_inbox_files").help("Files in the inference inbox by state");
        monitoring.inboxFiles().forEach((state, n) -> files.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of("state", state)).value(n).build()));
        all.metricSnapshot(files.build());
    }

    private void inference(MetricSnapshots.Builder all) {
        CounterSnapshot.Builder rows = CounterSnapshot.builder().name("riskbench_inference_rows")
                .help("Rows scored in the workspace, by predicted class");
        monitoring.inferenceRowsByClass().forEach((cls, n) -> rows.dataPoint(CounterDataPointSnapshot.builder()
                .labels(Labels.of("class", cls)).value(n).build()));
        all.metricSnapshot(rows.build());
        CounterSnapshot.Builder retraining = CounterSnapshot.builder().name("riskbench_retraining_runs")
                .help("Retraining runs by outcome (promoted, not_promoted, failed, pending, running)");
        monitoring.retrainingOutcomes().forEach((outcome, n) -> retraining.dataPoint(CounterDataPointSnapshot.builder()
                .labels(Labels.of("outcome", outcome)).value(n).build()));
        all.metricSnapshot(retraining.build());
        InfoSnapshot.Builder model = InfoSnapshot.builder().name("riskbench_model_active").help("The active scoring model");
        monitoring.activeModel().ifPresent(v -> model.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder()
                .labels(Labels.of("version", v)).build()));
        all.metricSnapshot(model.build());
    }

    private void acceptance(MetricSnapshots.Builder all) {
        GaugeSnapshot.Builder state = gauge("aurora_state", "Final state of the profile's latest replay: 0 PASS, 1 DERISK, 2 BLOCK");
        GaugeSnapshot.Builder coverage = gauge("aurora_coverage_ema", "Coverage EMA at the final step of the profile's latest replay");
        GaugeSnapshot.Builder alpha = gauge("aurora_alpha", "Conformal alpha at the final step of the profile's latest replay");
        GaugeSnapshot.Builder surprisal = gauge("aurora_surprisal_p95", "Rolling surprisal p95 at the final step of the latest replay");
        GaugeSnapshot.Builder scale = gauge("aurora_execution_risk_scale", "Recommended risk scale at the final step of the latest replay");
        GaugeSnapshot.Builder drift = gauge("aurora_drift_watch_state", "Coverage drift watch of the profile: 0 OBSERVE, 1 STABLE, 2 WARN");
        GaugeSnapshot.Builder driftEma = gauge("aurora_ci_coverage_abs_err_ema", "Drift watch EMA of the coverage absolute error");
        CounterSnapshot.Builder transitions = CounterSnapshot.builder().name("aurora_transitions")
                .help("State changes over all replays of the profile");
        CounterSnapshot.Builder blocks = CounterSnapshot.builder().name("aurora_execution_block")
                .help("Steps with zero notional over all replays of the profile, by reason");
        for (Monitoring.ProfileState p : monitoring.profiles()) {
            Labels profile = Labels.of("profile", p.profile());
            state.dataPoint(GaugeDataPointSnapshot.builder().labels(profile).value(p.stateCode()).build());
            coverage.dataPoint(GaugeDataPointSnapshot.builder().labels(profile).value(p.coverageEma()).build());
            alpha.dataPoint(GaugeDataPointSnapshot.builder().labels(profile).value(p.alpha()).build());
            surprisal.dataPoint(GaugeDataPointSnapshot.builder().labels(profile).value(p.surprisalP95()).build());
            scale.dataPoint(GaugeDataPointSnapshot.builder().labels(profile).value(p.riskScale()).build());
            if (p.driftPhase() != null) {
                drift.dataPoint(GaugeDataPointSnapshot.builder().labels(profile).value(driftCode(p.driftPhase())).build());
                driftEma.dataPoint(GaugeDataPointSnapshot.builder().labels(profile).value(p.driftEma()).build());
            }
            p.transitions().forEach((key, n) -> {
                String[] fromTo = key.split("->");
                transitions.dataPoint(CounterDataPointSnapshot.builder()
                        .labels(Labels.of("profile", p.profile(), "from", fromTo[0], "to", fromTo.length > 1 ? fromTo[1] : "")).value(n).build());
            });
            p.blocks().forEach((reason, n) -> blocks.dataPoint(CounterDataPointSnapshot.builder()
                    .labels(Labels.of("profile", p.profile(), "reason", reason)).value(n).build()));
        }
        for (GaugeSnapshot.Builder g : List.of(state, coverage, alpha, surprisal, scale, drift, driftEma)) {
            all.metricSnapshot(g.build());
        }
        all.metricSnapshot(transitions.build());
        all.metricSnapshot(blocks.build());
    }

    static int driftCode(String phase) {
        return switch (phase) {
            case "OBSERVE" -> 0;
            case "STABLE" -> 1;
            default -> 2;
        };
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }
}
