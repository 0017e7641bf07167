package org.riskbench.engine.retraining;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.riskbench.core.AtomicFiles;
import org.riskbench.engine.scoring.Table;

/** Writes the fine-tune dataset as the run's artifact CSV. */
public final class DatasetWriter {
    private DatasetWriter() {
    }

    public static void write(Path file, Table t) {
        AtomicFiles.write(file, os -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
            CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT);
            List<String> names = t.names();
            p.printRecord(names);
            List<String[]> cols = names.stream().map(t::column).toList();
            String[] rec = new String[names.size()];
            for (int i = 0; i < t.rows(); i++) {
                for (int j = 0; j < rec.length; j++) {
                    rec[j] = cols.get(j)[i];
                }
                p.printRecord((Object[]) rec);
            }
            p.flush();
        });
    }
}
