package org.riskbench.engine.acceptance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A deliberately naive second implementation of docs/spec/acceptance.md (lists, a sort per query, direct
 * sums), written from the spec text, used to check the engine step by step.
 */
final class ReferenceReplay {

    record Row(int t, double mu, double sigma, double lower, double upper, boolean miss, double alpha, double cov,
               double surprisal, double surP95, double widthP95, double latP95, double kappa, double kappaPlus,
               String soft, String hard, String raw, String state, double risk, String reason) {
    }

    static double p95(List<Double> w) {
        if (w.isEmpty()) {
            return 0;
        }
        List<Double> s = new ArrayList<>(w);
        Collections.sort(s);
        return s.get((int) Math.ceil(0.95 * s.size()) - 1);
    }

    static double quantile(List<Double> w, double a) {
        int n = w.size();
        if (n == 0) {
            return Double.POSITIVE_INFINITY;
        }
        List<Double> s = new ArrayList<>(w);
        Collections.sort(s);
        int k = (int) Math.ceil((n + 1) * (1 - a));
        return k > n ? s.get(n - 1) : s.get(k - 1);
    }

    static void push(List<Double> w, double v, int cap) {
        w.add(v);
        if (w.size() > cap) {
            w.remove(0);
        }
    }

    static List<Row> run(AcceptanceProfile pr, double[] y, double[] muIn, double[] sgIn, double[] latIn, double[] kIn) {
        double lamMu = 1 - Math.pow(2, -1 / (double) (Double) pr.get("forecaster.mu_halflife"));
        double lamS = 1 - Math.pow(2, -1 / (double) (Double) pr.get("forecaster.sigma_halflife"));
        int warmup = (Integer) pr.get("warmup");
        double at = d(pr, "icp.alpha_target");
        double m = y[0];
        double e0 = y[1] - y[0];
        m = m + lamMu * e0;
        double v = e0 * e0;
        double alpha = at;
        double cov = 1 - at;
        int streak = 0;
        String state = "PASS";
        int inState = 0;
        int clean = 0;
        int nohard = 0;
        int worse = 0;
        List<Double> scores = new ArrayList<>();
        List<Double> surs = new ArrayList<>();
        List<Double> widths = new ArrayList<>();
        List<Double> lats = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int t = 2; t < y.length; t++) {
            double mu = muIn != null ? muIn[t] : m;
            double sigma = muIn != null ? sgIn[t] : Math.max(Math.sqrt(v), d(pr, "sigma_floor"));
            double q = quantile(scores, alpha);
            double lower = mu - q * sigma;
            double upper = mu + q * sigma;
            boolean miss = y[t] < lower || y[t] > upper;
            double score = Math.abs(y[t] - mu) / sigma;
            double r = (y[t] - mu) / sigma;
            alpha = Math.min(Math.max(alpha + d(pr, "icp.gamma") * (at - (miss ? 1 : 0)), d(pr, "icp.alpha_min")),
                    d(pr, "icp.alpha_max"));
            double b = d(pr, "icp.coverage_ema_beta");
            cov = (1 - b) * cov + b * (1 - (miss ? 1 : 0));
            streak = miss ? streak + 1 : 0;
            double hd = d(pr, "surprisal.huber_delta");
            double hub = Math.abs(r) <= hd ? 0.5 * r * r : hd * (Math.abs(r) - 0.5 * hd);
            double sur = Math.log1p(3 * hub);
            push(surs, sur, (Integer) pr.get("surprisal.window"));
            double rw = Double.isInfinite(q) ? Double.POSITIVE_INFINITY
                    : (upper - lower) / Math.max(Math.abs(mu), d(pr, "width.floor"));
            double lat = latIn == null ? 0 : latIn[t];
            push(scores, score, (Integer) pr.get("icp.window"));
            if (muIn == null) {
                double e = y[t] - m;
                m = m + lamMu * e;
                v = (1 - lamS) * v + lamS * e * e;
            }
            double kappa;
            if (kIn != null && !Double.isNaN(kIn[t])) {
                kappa = kIn[t];
            } else {
                double s = 0;
                for (double x : surs) {
                    s += x;
                }
                kappa = Math.exp(-(s / surs.size()));
            }
            if (t < warmup) {
                continue;
            }
            push(widths, rw, (Integer) pr.get("width.window"));
            push(lats, lat, (Integer) pr.get("latency.window"));
            double sp = p95(surs);
            double wp = p95(widths);
            double lp = p95(lats);
            List<String> soft = new ArrayList<>();
            List<String> hard = new ArrayList<>();
            boolean hc = cov < d(pr, "guards.coverage_ema.hard") || streak >= (Integer) pr.get("guards.coverage_streak.hard");
            boolean hl = lp > d(pr, "guards.latency_p95.hard");
            boolean hs = sp > d(pr, "guards.surprisal_p95.hard");
            if (hc) {
                hard.add("coverage");
            }
            if (hl) {
                hard.add("latency");
            }
            if (hs) {
                hard.add("surprisal");
            }
            if (hc || cov < d(pr, "guards.coverage_ema.soft")) {
                soft.add("coverage");
            }
            if (hl || lp > d(pr, "guards.latency_p95.soft")) {
                soft.add("latency");
            }
            if (hs || sp > d(pr, "guards.surprisal_p95.soft")) {
                soft.add("surprisal");
            }
            if (wp > d(pr, "guards.rel_width_p95.soft")) {
                soft.add("width");
            }
            if (kappa < d(pr, "guards.kappa_min.soft")) {
                soft.add("kappa");
            }
            double pen = 0;
            for (String g : soft) {
                pen += d(pr, "penalties." + g);
            }
            double kp = kappa - pen;
            String raw;
            if (!hard.isEmpty() || kp < 0) {
                raw = "BLOCK";
            } else if (kp >= d(pr, "kappa.tau_pass") && soft.isEmpty()) {
                raw = "PASS";
            } else if (kp >= d(pr, "kappa.tau_derisk")) {
                raw = "DERISK";
            } else {
                raw = "BLOCK";
            }
            boolean isClean = soft.isEmpty() && kp >= d(pr, "hysteresis.tau_pass_up");
            clean = isClean ? clean + 1 : 0;
            nohard = hard.isEmpty() ? nohard + 1 : 0;
            if (state.equals("PASS")) {
                worse = raw.equals("PASS") ? 0 : worse + 1;
            }
            String next = state;
            switch (state) {
                case "PASS" -> {
                    if (!hard.isEmpty()) {
                        next = "BLOCK";
                    } else if (worse >= (Integer) pr.get("hysteresis.downgrade_confirm")) {
                        next = raw;
                    }
                }
                case "DERISK" -> {
                    if (!hard.isEmpty() || raw.equals("BLOCK")) {
                        next = "BLOCK";
                    } else if (inState >= (Integer) pr.get("hysteresis.dwell_derisk")
                            && clean >= (Integer) pr.get("hysteresis.dwell_pass")) {
                        next = "PASS";
                    }
                }
                default -> {
                    if ((Boolean) pr.get("hysteresis.fast_path") && clean >= (Integer) pr.get("hysteresis.extended_recovery")) {
                        next = "PASS";
                    } else if (nohard >= (Integer) pr.get("hysteresis.block_cooldown") && kp >= d(pr, "kappa.tau_derisk")) {
                        next = "DERISK";
                    }
                }
            }
            if (!next.equals(state)) {
                inState = 1;
                worse = 0;
            } else {
                inState++;
            }
            state = next;
            double base = d(pr, "execution.base_notional");
            double n = Math.min(Math.max(base * d(pr, "execution.scale_map." + state), d(pr, "execution.min_notional")),
                    d(pr, "execution.max_notional"));
            if ((Boolean) pr.get("execution.hard_block_on_guard") && !hard.isEmpty()) {
                n = 0;
            }
            double risk = base == 0 ? 0 : n / base;
            String reason = "";
            if (n == 0) {
                reason = hs ? "guard_surprisal" : hc ? "guard_coverage" : hl ? "guard_latency" : "decision";
            }
            rows.add(new Row(t, mu, sigma, lower, upper, miss, alpha, cov, sur, sp, wp, lp, kappa, kp,
                    String.join("|", soft), String.join("|", hard), raw, state, risk, reason));
        }
        return rows;
    }

    private static double d(AcceptanceProfile pr, String path) {
        return (Double) pr.get(path);
    }

    private ReferenceReplay() {
    }
}
