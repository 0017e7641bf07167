package org.riskbench.engine.retraining;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.riskbench.core.InputException;
import org.riskbench.engine.scoring.Table;

/**
 * The retraining table's join: the enriched rows of the mistakes, each taken from its analysis' processed table
 * (the table the scoring read, with its {@code row} column) by row number, in the order of the mistakes. Each
 * table is read once.
 */
public final class MistakeRows {
    private MistakeRows() {
    }

    /**
     * @param processedTable where an analysis' processed table is, by analysis id
     * @return the rows, with the columns of the first table read (a column another table lacks is empty there);
     *         an empty table when there are no mistakes
     * @throws InputException when a table is missing or has no such row
     */
    public static Table join(List<EvalRow> errors, Function<String, Path> processedTable) {
        Map<String, Table> tables = new HashMap<>();
        Map<String, Map<Long, Integer>> index = new HashMap<>();
        List<String> names = null;
        List<String[]> rows = new ArrayList<>();
        for (EvalRow e : errors) {
            Table t = tables.computeIfAbsent(e.analysisId(), id -> {
                Path f = processedTable.apply(id);
                if (!Files.isRegularFile(f)) {
                    throw new InputException("analysis " + id + ": its processed table " + f + " is missing, so its"
                            + " mistakes cannot be used; restore the file or remove the feedback");
                }
                return Table.read(f);
            });
            Map<Long, Integer> idx = index.computeIfAbsent(e.analysisId(), id -> {
                Map<Long, Integer> m = new HashMap<>();
                String[] r = t.column("row");
                for (int i = 0; i < r.length; i++) {
                    m.put(Long.parseLong(r[i].trim()), i);
                }
                return m;
            });
            Integer i = idx.get(e.row());
            if (i == null) {
                throw new InputException("analysis " + e.analysisId() + " has no row " + e.row() + " in its processed table");
            }
            if (names == null) {
                names = t.names();
            }
            String[] rec = new String[names.size()];
            for (int j = 0; j < rec.length; j++) {
                rec[j] = t.has(names.get(j)) ? t.column(names.get(j))[i] : "";
            }
            rows.add(rec);
        }
        if (names == null) {
            return new Table(List.of(), Map.of());
        }
        Map<String, String[]> cols = new LinkedHashMap<>();
        for (int j = 0; j < names.size(); j++) {
            String[] c = new String[rows.size()];
            for (int r = 0; r < c.length; r++) {
                c[r] = rows.get(r)[j];
            }
            cols.put(names.get(j), c);
        }
        return new Table(names, cols);
    }
}
