package org.riskbench.core.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser of {@link RunQuery}:
 * <pre>
 * query      := orExpr EOF
 * orExpr     := andExpr ('or' andExpr)*
 * andExpr    := notExpr ('and' notExpr)*
 * notExpr    := 'not' notExpr | '(' orExpr ')' | comparison
 * comparison := FIELD ('=' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') VALUE
 * FIELD      := metrics.KEY | params.KEY | tags.KEY | kind | status | project | name | id   (KEY may hold dots)
 * VALUE      := NUMBER | 'quoted' | "quoted" | bare-word
 * </pre>
 * Errors name the column and the offending token.
 */
final class RunQueryParser {
    static final Set<String> COLUMNS = Set.of("kind", "status", "project", "name", "id");
    private static final Set<String> PREFIXES = Set.of("metrics", "params", "tags");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not");

    private enum Type { WORD, NUMBER, STRING, OP, LPAREN, RPAREN, END }

    private record Token(Type type, String text, Object value, int column) {
        String shown() {
            return type == Type.END ? "the end of the query" : "'" + text + "'";
        }

        boolean isKeyword(String keyword) {
            return type == Type.WORD && text.equalsIgnoreCase(keyword);
        }
    }

    private final List<Token> tokens;
    private int pos;

    private RunQueryParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static RunQuery parse(String text) {
        if (text == null || text.isBlank()) {
            return RunQuery.ALL;
        }
        RunQueryParser parser = new RunQueryParser(tokenize(text));
        RunQuery query = parser.orExpr();
        Token next = parser.peek();
        if (next.type() != Type.END) {
            throw error(next, "expected 'and', 'or' or the end of the query but found " + next.shown());
        }
        return query;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.type() != Type.END) {
            pos++;
        }
        return t;
    }

    private RunQuery orExpr() {
        RunQuery left = andExpr();
        while (peek().isKeyword("or")) {
            next();
            left = new RunQuery.Or(left, andExpr());
        }
        return left;
    }

    private RunQuery andExpr() {
        RunQuery left = notExpr();
        while (peek().isKeyword("and")) {
            next();
            left = new RunQuery.And(left, notExpr());
        }
        return left;
    }

    private RunQuery notExpr() {
        Token t = peek();
        if (t.isKeyword("not")) {
            next();
            return new RunQuery.Not(notExpr());
        }
        if (t.type() == Type.LPAREN) {
            next();
            RunQuery inner = orExpr();
            Token close = next();
            if (close.type() != Type.RPAREN) {
                throw error(close, "expected ')' to close the '(' at column " + t.column() + " but found " + close.shown());
            }
            return inner;
        }
        return comparison();
    }

    private RunQuery comparison() {
        Token field = next();
        if (field.type() != Type.WORD || KEYWORDS.contains(field.text().toLowerCase(Locale.ROOT))) {
            throw error(field, "expected a field (metrics.<key>, params.<key>, tags.<key>, kind, status, project, name or id)"
                    + " but found " + field.shown());
        }
        String name = checkField(field);
        Token op = next();
        if (op.type() != Type.OP) {
            throw error(op, "expected a comparison (= != < <= > >=) after '" + field.text() + "' but found " + op.shown());
        }
        Token value = next();
        if (value.type() != Type.NUMBER && value.type() != Type.STRING
                && !(value.type() == Type.WORD && !KEYWORDS.contains(value.text().toLowerCase(Locale.ROOT)))) {
            throw error(value, "expected a value after '" + op.text() + "' but found " + value.shown());
        }
        return new RunQuery.Comparison(name, RunQuery.Op.of(op.text()), value.value());
    }

    private static String checkField(Token field) {
        String text = field.text();
        String lower = text.toLowerCase(Locale.ROOT);
        if (COLUMNS.contains(lower)) {
            return lower;
        }
        int dot = text.indexOf('.');
        if (dot > 0 && PREFIXES.contains(lower.substring(0, dot))) {
            String key = text.substring(dot + 1);
            if (key.isEmpty() || key.startsWith(".") || key.endsWith(".")) {
                throw error(field, "expected a key after '" + text.substring(0, dot + 1) + "' (e.g. " + lower.substring(0, dot)
                        + ".seed) but found " + field.shown());
            }
            return lower.substring(0, dot) + "." + key;
        }
        throw error(field, "unknown field " + field.shown() + "; use metrics.<key>, params.<key>, tags.<key>, kind, status,"
                + " project, name or id");
    }

    private static QueryException error(Token at, String reason) {
        return new QueryException(at.column(), at.type() == Type.END ? "" : at.text(), reason);
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int col = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(Type.LPAREN, "(", null, col));
                i++;
            } else if (c == ')') {
                out.add(new Token(Type.RPAREN, ")", null, col));
                i++;
            } else if (c == '=' || c == '<' || c == '>' || c == '!') {
                String op = i + 1 < n && s.charAt(i + 1) == '=' ? s.substring(i, i + 2) : String.valueOf(c);
                if (op.equals("!")) {
                    throw new QueryException(col, "!", "'!' must be followed by '=' (use != or not)");
                }
                if (op.equals("==")) {
                    op = "=";
                    out.add(new Token(Type.OP, op, null, col));
                    i += 2;
                    continue;
                }
                out.add(new Token(Type.OP, op, null, col));
                i += op.length();
            } else if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw new QueryException(col, s.substring(i), "the string starting here has no closing " + c);
                }
                String text = s.substring(i + 1, end);
                out.add(new Token(Type.STRING, s.substring(i, end + 1), text, col));
                i = end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(s.charAt(i)) && "()=<>!'\"".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                String word = s.substring(start, i);
                Double number = number(word);
                out.add(number != null ? new Token(Type.NUMBER, word, number, col) : new Token(Type.WORD, word, word, col));
            }
        }
        out.add(new Token(Type.END, "", null, n + 1));
        return out;
    }

    private static Double number(String word) {
        char first = word.charAt(0);
        if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) {
            return null;
        }
        try {
            double v = Double.parseDouble(word);
            return Double.isNaN(v) ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
