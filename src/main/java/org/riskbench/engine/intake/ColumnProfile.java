package org.riskbench.engine.intake;

import java.util.List;

/**
 * What the inspector learnt about one column over all rows.
 *
 * @param index        position from 0
 * @param name         header name (a generated {@code column_N} when the header has none)
 * @param type         inferred type
 * @param format       for dates {@code yyyy-MM-dd}, {@code dd/MM/yyyy}, {@code MM/dd/yyyy} (with the file's
 *                     separator) and datetimes; {@code decimal_comma} for decimals written 1.234,56; else null
 * @param values       non-missing values
 * @param missing      missing values (empty or a missing-value token)
 * @param distinct     distinct non-missing values, or -1 when more than {@link CsvInspector#DISTINCT_CAP}
 * @param samples      a few distinct values, in order of appearance
 * @param note         how the type was decided when it is not obvious (mixed values, leading zeros), or null
 */
public record ColumnProfile(int index, String name, ColumnType type, String format, long values, long missing,
                            int distinct, List<String> samples, String note) {
}
