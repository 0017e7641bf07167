package org.riskbench.engine.retraining;

import java.nio.file.Path;
import java.util.List;
import org.riskbench.core.AtomicFiles;
import org.riskbench.engine.scoring.Table;
import org.riskbench.core.table.CsvWriter;

/** Writes the fine-tune dataset as the run's artifact CSV. */
public final class DatasetWriter {
    private DatasetWriter() {
    }

    public static void write(Path file, Table t) {
        AtomicFiles.write(file, os -> {
            CsvWriter p = CsvWriter.of(os).recordSeparator("\r\n"); // the dataset always had CRLF
            List<String> names = t.names();
            p.record(names);
            List<String[]> cols = names.stream().map(t::column).toList();
            String[] rec = new String[names.size()];
            for (int i = 0; i < t.rows(); i++) {
                for (int j = 0; j < rec.length; j++) {
                    rec[j] = cols.get(j)[i];
                }
                p.record((Object[]) rec);
            }
            p.flush();
        });
    }
}
