package org.riskbench.engine.acceptance;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.Json;

/**
 * Writes a replay's artifacts: {@code trace.csv} (the spec's trace columns in order) and
 * {@code summary.json} (the spec's summary keys in order), each atomically. In the CSV, booleans are
 * 0/1, breach lists are guard keys joined with {@code |} (empty when none), doubles are written with
 * {@link Double#toString} (shortest repr that reads back exactly) and infinities as {@code inf}/{@code -inf}.
 */
public final class ReplayArtifacts {

    public static final String TRACE_CSV = "trace.csv";
    public static final String SUMMARY_JSON = "summary.json";

    private ReplayArtifacts() {
    }

    public static void write(Path dir, ReplayResult result) {
        writeTrace(dir.resolve(TRACE_CSV), result.trace());
        Json.write(dir.resolve(SUMMARY_JSON), result.summary().toJson());
    }

    public static void writeTrace(Path file, Trace tr) {
        AtomicFiles.write(file, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();
            CSVPrinter csv = new CSVPrinter(w, format);
            csv.printRecord(Trace.COLUMNS);
            for (int i = 0; i < tr.size(); i++) {
                csv.print(Integer.toString(tr.t[i]));
                csv.print(tr.ts(i));
                csv.print(num(tr.y[i]));
                csv.print(num(tr.mu[i]));
                csv.print(num(tr.sigma[i]));
                csv.print(num(tr.lower[i]));
                csv.print(num(tr.upper[i]));
                csv.print(tr.miss[i] ? "1" : "0");
                csv.print(num(tr.alpha[i]));
                csv.print(num(tr.coverageEma[i]));
                csv.print(num(tr.surprisal[i]));
                csv.print(num(tr.surprisalP95[i]));
                csv.print(num(tr.relWidthP95[i]));
                csv.print(num(tr.latencyP95[i]));
                csv.print(num(tr.kappa[i]));
                csv.print(num(tr.kappaPlus[i]));
                csv.print(Guard.join(tr.soft[i]));
                csv.print(Guard.join(tr.hard[i]));
                csv.print(tr.raw(i).name());
                csv.print(tr.state(i).name());
                csv.print(num(tr.riskScale[i]));
                csv.print(tr.blockReason(i).key());
                csv.println();
            }
            csv.flush();
            w.flush();
        });
    }

    /** Full-precision text of a double; {@code inf}, {@code -inf}, {@code nan} for the special values. */
    static String num(double v) {
        if (Double.isFinite(v)) {
            return Double.toString(v);
        }
        return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }
}
