package org.riskbench.engine.intake;

import java.util.List;
import java.util.Map;

/**
 * The result of validating a file: what the GUI preview shows and {@code riskbench validate} prints.
 *
 * @param file          file name (no folder)
 * @param sizeBytes     file size
 * @param accepted      false when the file is refused; {@link #refusal()} says why
 * @param refusal       one sentence, or null when accepted
 * @param encoding      UTF-8, UTF-8 (BOM), UTF-16LE (BOM), UTF-16BE (BOM), windows-1252, or null when not read
 * @param delimiter     the field separator (',' ';' '\t' '|'), or null
 * @param lineEnding    LF, CRLF, CR or mixed (null for a one-line file)
 * @param header        header names as written (a name is added for a data column the header lacks)
 * @param columns       per-column profile
 * @param dataRows      records after the header (blank lines excluded)
 * @param badRows       data rows that cannot be read (wrong number of fields, unclosed quote)
 * @param problems      the first {@link IntakeOptions#maxProblems()} problems in file order, then file-level ones
 * @param problemCount  all problems found, including those not kept
 * @param preview       first data rows as strings, with their line numbers
 * @param schemaColumns for the transactions schema: canonical name -> column index (from 0); empty otherwise
 * @param millis        time taken
 */
public record InspectionReport(String file, long sizeBytes, boolean accepted, String refusal, String encoding,
                               String delimiter, String lineEnding, List<String> header, List<ColumnProfile> columns,
                               long dataRows, long badRows, List<Problem> problems, long problemCount,
                               List<PreviewRow> preview, Map<String, Integer> schemaColumns, long millis) {

    /** One preview row: its physical line and its fields as written (unquoted). */
    public record PreviewRow(long line, List<String> values) {
    }

    public char delimiterChar() {
        return delimiter == null || delimiter.isEmpty() ? ',' : delimiter.charAt(0);
    }

    public ColumnProfile column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /** Human name of the delimiter for messages: comma, semicolon, tab, pipe. */
    public static String delimiterName(String d) {
        if (d == null) {
            return "none";
        }
        switch (d) {
            case ",": return "comma";
            case ";": return "semicolon";
            case "\t": return "tab";
            case "|": return "pipe";
            default: return d;
        }
    }
}
