package org.riskbench.engine.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.riskbench.core.Progress;

/** Throughput of validate + type inference ({@link CsvInspector}) on one file, in MB/s (1 MB = 2^20 bytes). */
public final class IntakeBenchmark {
    private IntakeBenchmark() {
    }

    /** One timed run without a size limit; returns MB/s. */
    public static double run(Path file) {
        try {
            long size = Files.size(file);
            long t0 = System.nanoTime();
            InspectionReport r = CsvInspector.inspect(file, IntakeOptions.defaults().withSizeLimitBytes(0), Progress.NONE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (r.dataRows() == 0) {
                throw new IllegalStateException("benchmark file has no rows: " + r.refusal());
            }
            return size / 1048576.0 / seconds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (int i = 0; i < runs; i++) {
            System.out.printf(java.util.Locale.ROOT, "run %d: %.1f MB/s%n", i + 1, run(file));
        }
    }
}
