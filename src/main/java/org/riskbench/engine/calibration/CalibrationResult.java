package org.riskbench.engine.calibration;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.riskbench.core.Json;
import org.riskbench.engine.acceptance.AcceptanceProfile;

/**
 * A finished calibration: every point's result in grid order, the ranking (score descending, ties by
 * lower point), the top-K and the Pareto front.
 *
 * @param request   the request it answers
 * @param points    one result per grid point, index = point
 * @param ranking   every point index, best first
 * @param pareto    the Pareto-optimal feasible points, in point order
 * @param started   wall-clock start
 * @param finished  wall-clock end
 * @param seconds   elapsed seconds of the evaluation
 */
public record CalibrationResult(CalibrationRequest request, List<PointResult> points, long[] ranking, long[] pareto,
                                Instant started, Instant finished, double seconds) {

    public CalibrationResult {
        points = List.copyOf(points);
        ranking = ranking.clone();
        pareto = pareto.clone();
    }

    @Override
    public long[] ranking() {
        return ranking.clone();
    }

    @Override
    public long[] pareto() {
        return pareto.clone();
    }

    /** Points per second of the evaluation. */
    public double pointsPerSecond() {
        return seconds > 0 ? points.size() / seconds : Double.POSITIVE_INFINITY;
    }

    /** The top-K points, best first ({@code min(topK, size)} of them). */
    public List<PointResult> topK() {
        int k = (int) Math.min(request.topK(), ranking.length);
        List<PointResult> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(points.get((int) ranking[i]));
        }
        return out;
    }

    /** The point at a 1-based rank of the full ranking. */
    public PointResult atRank(int rank) {
        if (rank < 1 || rank > ranking.length) {
            throw new org.riskbench.core.InputException("--apply-rank is " + rank + " but the grid has "
                    + ranking.length + " ranked points; choose 1.." + ranking.length + ".");
        }
        return points.get((int) ranking[rank - 1]);
    }

    /** The 1-based rank of a point. */
    public int rankOf(long point) {
        for (int i = 0; i < ranking.length; i++) {
            if (ranking[i] == point) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no point " + point);
    }

    /** The profile of a point (base with the point's values applied). */
    public AcceptanceProfile profileOf(long point) {
        return request.grid().apply(request.base(), point);
    }

    /** A point's params as path (as written) -> value, in grid order. */
    public Map<String, Object> params(PointResult p) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Grid.Assignment> as = request.grid().assignments();
        Object[] v = p.params();
        for (int i = 0; i < as.size(); i++) {
            m.put(as.get(i).path(), v[i]);
        }
        return m;
    }

    /**
     * The patch of a point: a nested object of only the parameters whose value differs from the base
     * profile, keyed by the canonical path split on dots (ready to merge into a profile).
     */
    public ObjectNode patch(PointResult p) {
        return patch(request.base(), request.grid(), p.params());
    }

    static ObjectNode patch(AcceptanceProfile base, Grid grid, Object[] values) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        List<Grid.Assignment> as = grid.assignments();
        for (int i = 0; i < as.size(); i++) {
            String key = as.get(i).key();
            Object v = values[i];
            if (Objects.equals(base.get(key), v)) {
                continue;
            }
            Json.putAt(root, key, v);
        }
        return root;
    }

    /** The ranking order: score descending, ties by lower point. */
    public static long[] rank(List<PointResult> points) {
        Long[] idx = new Long[points.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = (long) i;
        }
        Comparator<Long> byScore = (a, b) -> Double.compare(rankScore(points.get((int) (long) b)),
                rankScore(points.get((int) (long) a)));
        Arrays.sort(idx, byScore.thenComparing(Comparator.naturalOrder()));
        long[] out = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /** A NaN score (only possible with degenerate weights and bounds) ranks last. */
    private static double rankScore(PointResult p) {
        return Double.isNaN(p.score()) ? Double.NEGATIVE_INFINITY : p.score();
    }

    /** The four Pareto objectives of a point, oriented so that larger is better. */
    static double[] objectives(Metrics m) {
        return new double[] {m.get("pass_share"), 0.0 - m.get("coverage_abs_err"), 0.0 - m.get("flap_rate_k"),
                0.0 - m.get("exec_block_rate")};
    }

    /**
     * The feasible points that no other feasible point dominates (at least as good on all four
     * objectives and strictly better on one). Points with equal objective vectors do not dominate each
     * other, so both stay. Candidates are visited in lexicographic order of their objectives (best
     * first), where a dominating point always comes before the points it dominates, so each candidate is
     * compared only with the front found so far.
     */
    public static long[] pareto(List<PointResult> points) {
        List<double[]> objs = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (PointResult p : points) {
            if (p.feasible()) {
                double[] o = objectives(p.metrics());
                boolean nan = false;
                for (double x : o) {
                    nan |= Double.isNaN(x);
                }
                if (!nan) {
                    objs.add(o);
                    ids.add(p.point());
                }
            }
        }
        Integer[] order = new Integer[ids.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            double[] x = objs.get(a);
            double[] y = objs.get(b);
            for (int k = 0; k < x.length; k++) {
                int c = Double.compare(y[k], x[k]);
                if (c != 0) {
                    return c;
                }
            }
            return Long.compare(ids.get(a), ids.get(b));
        });
        List<Integer> front = new ArrayList<>();
        for (int cand : order) {
            boolean dominated = false;
            for (int f : front) {
                if (dominates(objs.get(f), objs.get(cand))) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(cand);
            }
        }
        long[] out = new long[front.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.get(front.get(i));
        }
        Arrays.sort(out);
        return out;
    }

    /** {@code a} dominates {@code b}: >= on every objective and > on at least one (larger is better). */
    static boolean dominates(double[] a, double[] b) {
        boolean strictly = false;
        for (int k = 0; k < a.length; k++) {
            if (a[k] < b[k]) {
                return false;
            }
            if (a[k] > b[k]) {
                strictly = true;
            }
        }
        return strictly;
    }

    /** {@code (path=value, ...)} for messages. */
    static String describeParams(Grid grid, Object[] values) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(grid.assignments().get(i).path()).append('=').append(values[i]);
        }
        return sb.append(')').toString();
    }
}
