package org.riskbench.server;

/** Ids in paths are checked against their format before anything looks them up: no path separators, no traversal. */
final class Ids {
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Ids() {
    }

    /** A job, run or analysis id: letters, digits, '.', '_' or '-', starting with a letter or digit, no "..". */
    static String check(String id, String field) {
        if (id == null || !ID.matcher(id).matches() || id.contains("..")) {
            throw ApiException.badRequest(field + " '" + (id == null ? "" : id.length() > 40 ? id.substring(0, 40) + "..." : id)
                    + "' is not a valid id: use letters, digits, '.', '_' or '-'", field);
        }
        return id;
    }

    /** A file name given by a client, reduced to a safe name in one folder (its extension kept). */
    static String fileName(String given, String fallback) {
        String name = given == null ? "" : given.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.isEmpty() || name.startsWith(".")) {
            return fallback;
        }
        return name.length() > 100 ? name.substring(name.length() - 100) : name;
    }
}
