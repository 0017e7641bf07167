package org.riskbench.engine.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.table.CsvWriter;

/**
 * Synthetic scenario tables (spec "Data"): features {@code feature_1..feature_k}, each {@code 10 + 3 z}, and
 * {@code target = 50 + sum_j beta_j feature_j + z} with {@code beta_j = (-1)^(j+1) * 0.5 j} (0.5, -1.0, 1.5, ...)
 * and {@code z ~ N(0,1)}. Values are rounded to 6 decimals, so the CSV written holds exactly the numbers used.
 * Everything comes from one {@link SplittableRandom} seeded with the given seed; for a run, the row count
 * {@code 100 + U{0..200}} is its first draw.
 */
public final class SyntheticData {
    /** Features of the synthetic table of a run (spec). */
    public static final int RUN_FEATURES = 4;
    /** Features of {@code riskbench synth scenario} tables. */
    public static final int DEFAULT_FEATURES = 8;
    /** File name written beside the artifacts of a run on synthetic data. */
    public static final String FILE_NAME = "input_synthetic.csv";
    static final double INTERCEPT = 50.0;

    private SyntheticData() {
    }

    /** Coefficient of feature {@code j} (1-based) in the generating model. */
    public static double beta(int j) {
        return (j % 2 == 1 ? 0.5 : -0.5) * j;
    }

    /** The synthetic table of a run with this seed: {@code 100 + U{0..200}} rows, 4 features. */
    static ScenarioData forRun(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int rows = 100 + rng.nextInt(201);
        return generate(rows, RUN_FEATURES, rng, null);
    }

    /** An in-memory table (no file), e.g. for benchmarks. */
    public static ScenarioData generate(int rows, int features, long seed) {
        return generate(rows, features, new SplittableRandom(seed), null);
    }

    /** Writes a synthetic table of {@code rows} rows and {@value #DEFAULT_FEATURES} features as CSV (atomically). */
    public static void write(Path out, int rows, long seed) {
        write(out, rows, DEFAULT_FEATURES, seed);
    }

    /** Writes a synthetic table as CSV (atomically); same arguments, same bytes. */
    public static void write(Path out, int rows, int features, long seed) {
        write(out, generate(rows, features, seed));
    }

    /** Writes {@code data} as CSV: feature columns then the target, numbers in shortest round-trip form. */
    static void write(Path out, ScenarioData data) {
        int p = data.features();
        double[] x = data.xArray();
        double[] y = data.yArray();
        AtomicFiles.write(out, os -> {
            CsvWriter w = CsvWriter.of(os);
            for (String name : data.featureNames()) {
                w.field(name);
            }
            w.field(data.targetName()).endRecord();
            for (int r = 0; r < data.rows(); r++) {
                for (int j = 0; j < p; j++) {
                    w.ascii(Double.toString(x[r * p + j])).ascii(',');
                }
                w.ascii(Double.toString(y[r])).endRecord();
            }
            w.flush();
        });
    }

    static ScenarioData withSource(ScenarioData d, Path source) {
        return d.withSource(source, true);
    }

    private static ScenarioData generate(int rows, int features, SplittableRandom rng, Path source) {
        if (rows < features + 2 || features < 1) {
            throw new IllegalArgumentException("need features >= 1 and rows >= features + 2, got " + rows + " x "
                    + features);
        }
        ZigguratGaussian gauss = new ZigguratGaussian(rng);
        String[] names = new String[features];
        double[] beta = new double[features];
        for (int j = 0; j < features; j++) {
            names[j] = "feature_" + (j + 1);
            beta[j] = beta(j + 1);
        }
        double[] x = new double[rows * features];
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double t = INTERCEPT;
            int off = r * features;
            for (int j = 0; j < features; j++) {
                double v = round6(10.0 + 3.0 * gauss.next());
                x[off + j] = v;
                t += beta[j] * v;
            }
            y[r] = round6(t + gauss.next());
        }
        List<Map<String, String>> sample = new ArrayList<>();
        for (int r = 0; r < Math.min(rows, ScenarioDataReader.SAMPLE_ROWS); r++) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int j = 0; j < features; j++) {
                row.put(names[j], Double.toString(x[r * features + j]));
            }
            row.put("target", Double.toString(y[r]));
            sample.add(row);
        }
        return new ScenarioData(names, "target", rows, x, y, List.of(), rows, 0, sample, source, true);
    }

    private static double round6(double v) {
        return Math.rint(v * 1e6) / 1e6;
    }
}
