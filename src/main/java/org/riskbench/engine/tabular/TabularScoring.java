package org.riskbench.engine.tabular;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.CancelledException;
import org.riskbench.core.Progress;

/**
 * Scores a table with a general model and writes the result: the input columns as read, then {@code p_<class>} for
 * every class, {@code predicted_class} and {@code anomaly_score} (the isolation forest's, near 1 unusual). Rows are
 * aligned to the model's plan first (missing columns, unseen levels and extra columns as warnings).
 *
 * <p>Blocks of {@link #BLOCK} rows are aligned, scored and formatted on a pool of one thread per core, and written in
 * order by the calling thread while the next blocks are worked on. Everything looked up by name (a column's values,
 * a level's one-hot cells, a category's quoted text) is looked up once per table, not per row.
 */
public final class TabularScoring {
    static final int BLOCK = 4096;
    /**
     * Rows aligned and scored at a time inside a block: their matrix rows (a few hundred doubles each after one-hot)
     * stay in the core's own cache from alignment to the last tree, where a whole block's would not.
     */
    static final int SLICE = 256;

    private TabularScoring() {
    }

    /** What a scoring wrote: rows, class counts, the alignment warnings. */
    public record Summary(long rows, Map<String, Long> counts, List<String> warnings, double meanAnomaly) {
    }

    public static Summary score(Frame frame, TabularModel model, Path out, Progress progress) {
        return score(frame, model, out, Runtime.getRuntime().availableProcessors(), progress);
    }

    /** Scores on {@code threads} threads (1: all on the caller's). */
    public static Summary score(Frame frame, TabularModel model, Path out, int threads, Progress progress) {
        List<String> classes = model.classes();
        int k = classes.size();
        int n = frame.rows();
        StringBuilder header = new StringBuilder();
        for (String name : frame.names()) {
            field(header, name).append(',');
        }
        for (String c : classes) {
            field(header, "p_" + c).append(',');
        }
        header.append("predicted_class,anomaly_score\n");
        FeaturePlan.Encoder encoder = model.plan().encoder(frame);
        List<Cells> cells = new ArrayList<>();
        for (String name : frame.names()) {
            cells.add(cells(frame, name));
        }
        String[] classText = new String[k];
        for (int c = 0; c < k; c++) {
            classText[c] = field(new StringBuilder(), classes.get(c)).toString();
        }
        long[] counts = new long[k];
        double[] anomalySum = new double[1];
        // each pool thread keeps its own worker (its scorer has scratch arrays); the pool ends with this call
        ThreadLocal<Worker> workers = ThreadLocal.withInitial(() -> new Worker(model, encoder.width()));
        Worker caller = threads > 1 ? null : new Worker(model, encoder.width());
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "riskbench-tabular-score");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            AtomicFiles.write(out, stream -> {
                stream.write(header.toString().getBytes(StandardCharsets.UTF_8));
                ArrayDeque<Future<Chunk>> inFlight = new ArrayDeque<>();
                int from = 0;
                while (from < n || !inFlight.isEmpty()) {
                    progress.checkCancelled();
                    if (from < n && (pool == null || inFlight.size() < 2 * threads)) {
                        int a = from;
                        int b = Math.min(n, from + BLOCK);
                        if (pool == null) {
                            write(caller.chunk(encoder, cells, classText, a, b), stream, counts, anomalySum);
                        } else {
                            inFlight.add(pool.submit(() -> workers.get().chunk(encoder, cells, classText, a, b)));
                        }
                        from = b;
                        continue;
                    }
                    Chunk c = take(inFlight.poll());
                    write(c, stream, counts, anomalySum);
                    progress.report((double) c.to / Math.max(1, n), "scored " + c.to + " of " + n + " rows");
                }
                stream.flush();
            });
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        progress.report(1, "scored " + n + " rows");
        Map<String, Long> byClass = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            byClass.put(classes.get(c), counts[c]);
        }
        return new Summary(n, byClass, new ArrayList<>(encoder.warnings()), n == 0 ? 0 : anomalySum[0] / n);
    }

    private static void write(Chunk c, OutputStream stream, long[] counts, double[] anomalySum) throws IOException {
        stream.write(c.bytes);
        for (int i = 0; i < counts.length; i++) {
            counts[i] += c.counts[i];
        }
        anomalySum[0] += c.anomalySum;
    }

    private static <T> T take(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException(); // the job thread was interrupted: treat as cancel
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IOException(e.getCause());
        }
    }

    /** One block's text as UTF-8, its rows' class counts and anomaly sum. */
    private record Chunk(int to, byte[] bytes, long[] counts, double anomalySum) {
    }

    /** A thread's scorer and buffers, reused block after block. */
    private static final class Worker {
        private final TabularModel.Scorer scorer;
        private final int k;
        private final double[][] x;
        private final double[][] p;
        private final int[] decided;
        private final double[] anomaly = new double[SLICE];
        private final StringBuilder text = new StringBuilder(1 << 16);

        Worker(TabularModel model, int width) {
            scorer = model.scorer();
            k = model.classes().size();
            x = new double[SLICE][width];
            p = new double[SLICE][k];
            decided = new int[SLICE];
        }

        Chunk chunk(FeaturePlan.Encoder encoder, List<Cells> cells, String[] classText, int from, int to) {
            long[] counts = new long[k];
            double anomalySum = 0;
            StringBuilder b = text;
            b.setLength(0);
            for (int a = from; a < to; a += SLICE) {
                int m = Math.min(to, a + SLICE) - a;
                encoder.fill(a, a + m, x);
                scorer.score(x, m, p, decided, anomaly);
                for (int i = 0; i < m; i++) {
                    for (Cells c : cells) {
                        c.append(b, a + i);
                        b.append(',');
                    }
                    for (int c = 0; c < k; c++) {
                        decimal(b, p[i][c]).append(',');
                    }
                    b.append(classText[decided[i]]).append(',');
                    decimal(b, anomaly[i]).append('\n');
                    counts[decided[i]]++;
                    anomalySum += anomaly[i];
                }
            }
            return new Chunk(to, b.toString().getBytes(StandardCharsets.UTF_8), counts, anomalySum);
        }
    }

    /** Appends one input column's cell of a row as {@link Frame#text} gives it, quoted as a CSV field. */
    @FunctionalInterface
    private interface Cells {
        void append(StringBuilder b, int row);
    }

    private static Cells cells(Frame frame, String name) {
        if (frame.isNumber(name)) {
            double[] v = frame.numbers(name);
            return (b, row) -> Frame.number(b, v[row]);
        }
        int[] codes = frame.codes(name);
        List<String> dict = frame.dictionary(name);
        String[] quoted = new String[dict.size()];
        for (int c = 0; c < quoted.length; c++) {
            quoted[c] = field(new StringBuilder(), dict.get(c)).toString();
        }
        return (b, row) -> {
            int c = codes[row];
            if (c >= 0) {
                b.append(quoted[c]);
            }
        };
    }

    /**
     * {@code v} rounded to 6 decimals as a plain decimal without trailing zeros ({@code 0.25}, {@code 0.000125},
     * {@code 1.0}): probabilities and anomaly scores, written a million times a run without {@code Double.toString}.
     */
    static StringBuilder decimal(StringBuilder b, double v) {
        if (!Double.isFinite(v) || Math.abs(v) >= 1e12) {
            return b.append(v);
        }
        long m = Math.round(v * 1e6);
        if (m < 0) {
            b.append('-');
            m = -m;
        }
        b.append(m / 1_000_000).append('.');
        long frac = m % 1_000_000;
        if (frac == 0) {
            return b.append('0');
        }
        int digits = 6;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        String f = Long.toString(frac);
        for (int z = f.length(); z < digits; z++) {
            b.append('0');
        }
        return b.append(f);
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    private static StringBuilder field(StringBuilder b, String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return b.append(v);
        }
        return b.append('"').append(v.replace("\"", "\"\"")).append('"');
    }
}
