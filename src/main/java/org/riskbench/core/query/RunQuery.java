package org.riskbench.core.query;

import java.util.Locale;
import java.util.function.Function;

/**
 * A parsed run query (docs/spec/tracking.md), e.g. {@code metrics.f1 > 0.8 and params.seed = 42}: a boolean tree of
 * comparisons between a run field and a literal. Evaluation takes a lookup from field name to the run's
 * value (a {@link Number}, a {@link String} or a {@link Boolean}; {@code null} when the run lacks it).
 * Numbers compare numerically, everything else textually; a comparison on a missing field is false.
 */
public sealed interface RunQuery {

    /** Whether a run, seen through {@code fields}, matches. */
    boolean matches(Function<String, Object> fields);

    /** Parses a query; a blank text matches every run. */
    static RunQuery parse(String text) {
        return RunQueryParser.parse(text);
    }

    /** The query that matches every run. */
    RunQuery ALL = new All();

    record All() implements RunQuery {
        @Override
        public boolean matches(Function<String, Object> fields) {
            return true;
        }

        @Override
        public String toString() {
            return "true";
        }
    }

    record And(RunQuery left, RunQuery right) implements RunQuery {
        @Override
        public boolean matches(Function<String, Object> fields) {
            return left.matches(fields) && right.matches(fields);
        }

        @Override
        public String toString() {
            return "(" + left + " and " + right + ")";
        }
    }

    record Or(RunQuery left, RunQuery right) implements RunQuery {
        @Override
        public boolean matches(Function<String, Object> fields) {
            return left.matches(fields) || right.matches(fields);
        }

        @Override
        public String toString() {
            return "(" + left + " or " + right + ")";
        }
    }

    record Not(RunQuery inner) implements RunQuery {
        @Override
        public boolean matches(Function<String, Object> fields) {
            return !inner.matches(fields);
        }

        @Override
        public String toString() {
            return "not " + inner;
        }
    }

    /** Comparison operators. */
    enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException(symbol);
        }

        boolean test(int cmp) {
            return switch (this) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
            };
        }
    }

    /** {@code field op value}; {@code value} is a {@link Double} (a number literal) or a {@link String}. */
    record Comparison(String field, Op op, Object value) implements RunQuery {
        @Override
        public boolean matches(Function<String, Object> fields) {
            Object actual = fields.apply(field);
            if (actual == null) {
                return false;
            }
            if (value instanceof Double expected) {
                Double number = asNumber(actual);
                if (number != null) {
                    return op.test(Double.compare(number, expected));
                }
            }
            String text = actual instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
                    ? String.valueOf(d.longValue()) : String.valueOf(actual);
            String expected = value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
                    ? String.valueOf(d.longValue()) : String.valueOf(value);
            return op.test(Integer.signum(text.compareTo(expected)));
        }

        private static Double asNumber(Object actual) {
            if (actual instanceof Number n) {
                return n.doubleValue();
            }
            if (actual instanceof String s) {
                try {
                    return Double.parseDouble(s.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            String v = value instanceof String s ? "'" + s + "'" : String.format(Locale.ROOT, "%s", value);
            return field + " " + op.symbol + " " + v;
        }
    }
}
