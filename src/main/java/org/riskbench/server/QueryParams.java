package org.riskbench.server;

import io.javalin.http.Context;

/** Query parameters checked: a number where a number goes, within its bounds, else a 400 naming the parameter. */
final class QueryParams {
    private QueryParams() {
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw);
            if (v < min || v > max) {
                throw ApiException.badRequest(name + " must be between " + min + " and " + max + ", got " + v, name);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number, got '" + raw + "'", name);
        }
    }
}
