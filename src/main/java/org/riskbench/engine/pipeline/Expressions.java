package org.riskbench.engine.pipeline;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.riskbench.core.InputException;

/**
 * The two tiny expression forms of project.yaml, kept deliberately small:
 * a condition {@code column OP value} (OP one of {@code < <= > >= == !=}; value a number or a word/quoted text)
 * or {@code column is [not] missing}; and a derived value {@code operand [OP operand]} with OP one of
 * {@code + - * /} and operands column names or numbers. A missing operand or a division by zero gives a missing cell.
 */
public final class Expressions {
    private static final Pattern MISSING = Pattern.compile("\\s*([\\w.]+)\\s+is\\s+(not\\s+)?missing\\s*");
    private static final Pattern COMPARE = Pattern.compile("\\s*([\\w.]+)\\s*(<=|>=|==|!=|<|>)\\s*(\"[^\"]*\"|'[^']*'|\\S+)\\s*");
    private static final Pattern ARITH = Pattern.compile("\\s*([\\w.]+)\\s*(?:([-+*/])\\s*([\\w.]+))?\\s*");

    private Expressions() {
    }

    /** A compiled condition over the rows of {@code table}. */
    public static Predicate<String[]> condition(String text, Table table, String where) {
        Matcher m = MISSING.matcher(text);
        if (m.matches()) {
            int col = table.require(m.group(1), where);
            boolean not = m.group(2) != null;
            return r -> Table.missing(r[col]) != not;
        }
        m = COMPARE.matcher(text);
        if (!m.matches()) {
            throw new InputException(where + ": cannot read the condition '" + text
                    + "'; write 'column OP value' (OP one of < <= > >= == !=) or 'column is missing'.");
        }
        int col = table.require(m.group(1), where);
        String op = m.group(2);
        String raw = m.group(3);
        boolean quoted = raw.startsWith("\"") || raw.startsWith("'");
        String value = quoted ? raw.substring(1, raw.length() - 1) : raw;
        double num = quoted ? Double.NaN : Table.number(value);
        if (Double.isNaN(num)) {
            if (!op.equals("==") && !op.equals("!=")) {
                throw new InputException(where + ": '" + text + "' compares text with " + op + "; only == and != work on text.");
            }
            boolean eq = op.equals("==");
            return r -> r[col].equals(value) == eq;
        }
        return r -> {
            double v = Table.number(r[col]);
            if (Double.isNaN(v)) {
                return false;
            }
            return switch (op) {
                case "<" -> v < num;
                case "<=" -> v <= num;
                case ">" -> v > num;
                case ">=" -> v >= num;
                case "==" -> v == num;
                default -> v != num;
            };
        };
    }

    /** Evaluates a derived-column expression for every row. */
    public static String[] derive(String text, Table table, String where) {
        Matcher m = ARITH.matcher(text);
        if (!m.matches()) {
            throw new InputException(where + ": cannot read the expression '" + text
                    + "'; write 'a OP b' with OP one of + - * / and columns or numbers as operands.");
        }
        Operand a = operand(m.group(1), table, where);
        Operand b = m.group(2) == null ? null : operand(m.group(3), table, where);
        char op = m.group(2) == null ? ' ' : m.group(2).charAt(0);
        String[] out = new String[table.size()];
        for (int i = 0; i < out.length; i++) {
            String[] r = table.rows().get(i);
            double x = a.value(r);
            double v = x;
            if (b != null) {
                double y = b.value(r);
                v = switch (op) {
                    case '+' -> x + y;
                    case '-' -> x - y;
                    case '*' -> x * y;
                    default -> y == 0 ? Double.NaN : x / y;
                };
            }
            out[i] = Table.format(v);
        }
        return out;
    }

    private interface Operand {
        double value(String[] row);
    }

    private static Operand operand(String token, Table table, String where) {
        int col = table.index(token);
        if (col >= 0) {
            return r -> Table.number(r[col]);
        }
        double num = Table.number(token);
        if (Double.isNaN(num)) {
            throw new InputException(where + ": '" + token + "' is neither a column nor a number (columns: "
                    + String.join(", ", table.header()) + ").");
        }
        return r -> num;
    }
}
