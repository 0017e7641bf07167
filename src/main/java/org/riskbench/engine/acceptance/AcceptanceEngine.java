package org.riskbench.engine.acceptance;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;

/**
 * The acceptance replay of docs/spec/acceptance.md: built-in EWMA forecaster, adaptive conformal
 * intervals, rolling guards, the hysteresis state machine and execution gating. Hand-written because
 * it is Riskbench's own definition; every numbered comment below is the step of the spec it implements.
 *
 * <p>Stateless and thread-safe: every call keeps its state in local variables and per-call windows,
 * so calibration may replay one series from many threads at once. The step loop allocates nothing.
 */
public final class AcceptanceEngine {

    /** Recorded with runs for provenance; bump when results may change. */
    public static final String VERSION = "acceptance-1";

    private static final int PASS = 0;
    private static final int DERISK = 1;
    private static final int BLOCK = 2;
    private static final int COV = 1;
    private static final int LAT = 2;
    private static final int SUR = 4;
    private static final int WID = 8;
    private static final int KAP = 16;
    private static final int PROGRESS_EVERY = 4096;

    private AcceptanceEngine() {
    }

    /** Replays a series and returns the summary and the full trace. */
    public static ReplayResult replay(AcceptanceProfile profile, Series series, Progress progress) {
        int n = countedSteps(profile, series);
        String[] ts = series.tsRaw() == null ? null : Arrays.copyOfRange(series.tsRaw(), profile.warmup(), series.size());
        Trace trace = new Trace(n, ts);
        ReplaySummary summary = run(profile, series, progress, trace);
        return new ReplayResult(profile.name(), series.source(), summary, trace);
    }

    /** Replays a series and returns only the summary (no trace arrays): the calibration fast path. */
    public static ReplaySummary summarize(AcceptanceProfile profile, Series series, Progress progress) {
        countedSteps(profile, series);
        return run(profile, series, progress, null);
    }

    /**
     * Refuses a series shorter than {@code warmup + 2} rows, naming the file and its last row's line (where more
     * rows would go); returns the number of counted steps.
     */
    public static int countedSteps(AcceptanceProfile profile, Series series) {
        int warmup = profile.warmup();
        if (series.size() < warmup + 2) {
            throw InputException.at(series.source(), series.lastLine(), 0, "the series has " + series.size()
                    + " rows but profile '" + profile.name() + "' needs at least warmup + 2 = " + (warmup + 2)
                    + "; add rows or lower 'warmup'.");
        }
        return series.size() - warmup;
    }

    private static ReplaySummary run(AcceptanceProfile profile, Series series, Progress progress, Trace tr) {
        final AcceptanceProfile.Params p = profile.params;
        final double[] y = series.yRaw();
        final double[] muIn = series.muRaw();
        final double[] sigmaIn = series.sigmaRaw();
        final double[] latIn = series.latencyRaw();
        final double[] kappaIn = series.kappaRaw();
        final boolean external = muIn != null;
        final int total = y.length;
        final int warmup = p.warmup;
        final int counted = total - warmup;

        // Per-run state (spec: "Steps 0 and 1 only initialise").
        final RollingOrderStatistics scores = new RollingOrderStatistics(p.icpWindow);
        final RollingOrderStatistics surprisals = new RollingOrderStatistics(p.surprisalWindow, true);
        final RollingOrderStatistics widths = new RollingOrderStatistics(p.widthWindow);
        final RollingOrderStatistics latencies = new RollingOrderStatistics(latIn == null ? 1 : p.latencyWindow);
        final double[] countedSurprisal = new double[counted];
        final double[] countedLatency = new double[counted];
        double m = y[0];
        double e1 = y[1] - y[0];
        m = m + p.lamMu * e1;
        double v = e1 * e1;
        double alpha = p.alphaTarget;
        double coverageEma = 1 - p.alphaTarget;
        int streak = 0;
        int state = PASS;
        int inState = 0;
        int cleanStreak = 0;
        int nohardStreak = 0;
        int worseStreak = 0;

        // Summary accumulators.
        int passSteps = 0;
        int deriskSteps = 0;
        int blockSteps = 0;
        int misses = 0;
        int anyBreach = 0;
        int vCov = 0;
        int vLat = 0;
        int vSur = 0;
        int vWid = 0;
        int vKap = 0;
        final int[] transitions = new int[9];
        int transitionCount = 0;
        double riskSum = 0;
        int blocked = 0;
        final int[] reasons = new int[BlockReason.values().length];

        for (int t = 2; t < total; t++) {
            if (t % PROGRESS_EVERY == 0) {
                progress.checkCancelled();
                progress.report((double) t / total, "replaying");
            }
            // 1. Forecast.
            final double mu;
            final double sigma;
            if (external) {
                mu = muIn[t];
                sigma = sigmaIn[t];
            } else {
                mu = m;
                sigma = Math.max(Math.sqrt(v), p.sigmaFloor);
            }
            // 2. Interval.
            final double q = scores.conformalQuantile(alpha);
            final double lower = mu - q * sigma;
            final double upper = mu + q * sigma;
            // 3. Observe.
            final double yt = y[t];
            final boolean miss = yt < lower || yt > upper;
            final int missBit = miss ? 1 : 0;
            final double score = Math.abs(yt - mu) / sigma;
            final double r = (yt - mu) / sigma;
            // 4. ACI update.
            alpha = Math.min(Math.max(alpha + p.gamma * (p.alphaTarget - missBit), p.alphaMin), p.alphaMax);
            // 5. Coverage EMA and miss streak.
            coverageEma = (1 - p.coverageBeta) * coverageEma + p.coverageBeta * (1 - missBit);
            streak = miss ? streak + 1 : 0;
            // 6. Surprisal.
            final double surprisal = Math.log1p(3 * huber(r, p.huberDelta));
            surprisals.push(surprisal);
            // 7. Relative width and latency.
            final double relWidth = (upper - lower) / Math.max(Math.abs(mu), p.widthFloor);
            final double latency = latIn == null ? 0.0 : latIn[t];
            // 8. Score window and forecaster.
            scores.push(score);
            if (!external) {
                final double e = yt - m;
                m = m + p.lamMu * e;
                v = (1 - p.lamSigma) * v + p.lamSigma * e * e;
            }
            // 9. Kappa.
            final double kappa = kappaIn != null && !Double.isNaN(kappaIn[t]) ? kappaIn[t] : Math.exp(-surprisals.mean());
            // 10. Warm-up ends here.
            if (t < warmup) {
                continue;
            }
            widths.push(relWidth);
            final double latencyP95;
            if (latIn != null) {
                latencies.push(latency);
                latencyP95 = latencies.p95();
            } else {
                latencyP95 = 0.0; // a window of zeros: skip the pushes
            }
            final double surprisalP95 = surprisals.p95();
            final double relWidthP95 = widths.p95();
            // 11. Guards (a hard breach also counts as the soft breach of its signal).
            final boolean hardCov = coverageEma < p.covHard || streak >= p.streakHard;
            final boolean hardLat = latencyP95 > p.latHard;
            final boolean hardSur = surprisalP95 > p.surHard;
            final boolean hardWid = relWidthP95 > p.widthHard; // never without the optional bound (+infinity)
            final boolean softCov = hardCov || coverageEma < p.covSoft;
            final boolean softLat = hardLat || latencyP95 > p.latSoft;
            final boolean softSur = hardSur || surprisalP95 > p.surSoft;
            final boolean softWid = hardWid || relWidthP95 > p.widthSoft;
            final boolean softKap = kappa < p.kappaSoft;
            final int hard = (hardCov ? COV : 0) | (hardLat ? LAT : 0) | (hardSur ? SUR : 0) | (hardWid ? WID : 0);
            final int soft = (softCov ? COV : 0) | (softLat ? LAT : 0) | (softSur ? SUR : 0) | (softWid ? WID : 0)
                    | (softKap ? KAP : 0);
            // 12. Penalised kappa (penalties summed in guard order, then subtracted).
            double penalty = 0.0;
            if (softCov) {
                penalty += p.penCoverage;
            }
            if (softLat) {
                penalty += p.penLatency;
            }
            if (softSur) {
                penalty += p.penSurprisal;
            }
            if (softWid) {
                penalty += p.penWidth;
            }
            if (softKap) {
                penalty += p.penKappa;
            }
            final double kappaPlus = kappa - penalty;
            // 13. Raw decision.
            final int raw;
            if (hard != 0 || kappaPlus < 0) {
                raw = BLOCK;
            } else if (kappaPlus >= p.tauPass && soft == 0) {
                raw = PASS;
            } else if (kappaPlus >= p.tauDerisk) {
                raw = DERISK;
            } else {
                raw = BLOCK;
            }
            final boolean clean = soft == 0 && kappaPlus >= p.tauPassUp;
            // 14. Hysteresis.
            cleanStreak = clean ? cleanStreak + 1 : 0;
            nohardStreak = hard == 0 ? nohardStreak + 1 : 0;
            if (state == PASS) {
                worseStreak = raw != PASS ? worseStreak + 1 : 0;
            }
            int next = state;
            if (state == PASS) {
                if (hard != 0) {
                    next = BLOCK;
                } else if (worseStreak >= p.downgradeConfirm) {
                    next = raw;
                }
            } else if (state == DERISK) {
                if (hard != 0 || raw == BLOCK) {
                    next = BLOCK;
                } else if (inState >= p.dwellDerisk && cleanStreak >= p.dwellPass) {
                    next = PASS;
                }
            } else {
                if (p.fastPath && cleanStreak >= p.extendedRecovery) {
                    next = PASS;
                } else if (nohardStreak >= p.blockCooldown && kappaPlus >= p.tauDerisk) {
                    next = DERISK;
                }
            }
            if (next != state) {
                transitions[state * 3 + next]++;
                transitionCount++;
                state = next;
                inState = 1;
                worseStreak = 0;
            } else {
                inState++;
            }
            // 15. Execution gating.
            double notional = Math.min(Math.max(p.baseNotional * p.scale[state], p.minNotional), p.maxNotional);
            if (p.hardBlockOnGuard && hard != 0) {
                notional = 0.0;
            }
            final double riskScale = p.baseNotional == 0 ? 0.0 : notional / p.baseNotional;
            int reason = 0;
            if (notional == 0) {
                reason = hardSur ? 1 : hardCov ? 2 : hardLat ? 3 : hardWid ? 4 : 5; // BlockReason ordinals
                blocked++;
                reasons[reason]++;
            }

            // Accumulate the summary and the trace.
            final int i = t - warmup;
            countedSurprisal[i] = surprisal;
            countedLatency[i] = latency;
            misses += missBit;
            if (soft != 0) {
                anyBreach++;
            }
            vCov += softCov ? 1 : 0;
            vLat += softLat ? 1 : 0;
            vSur += softSur ? 1 : 0;
            vWid += softWid ? 1 : 0;
            vKap += softKap ? 1 : 0;
            if (state == PASS) {
                passSteps++;
            } else if (state == DERISK) {
                deriskSteps++;
            } else {
                blockSteps++;
            }
            riskSum += riskScale;
            if (tr != null) {
                tr.t[i] = t;
                tr.y[i] = yt;
                tr.mu[i] = mu;
                tr.sigma[i] = sigma;
                tr.lower[i] = lower;
                tr.upper[i] = upper;
                tr.miss[i] = miss;
                tr.alpha[i] = alpha;
                tr.coverageEma[i] = coverageEma;
                tr.surprisal[i] = surprisal;
                tr.surprisalP95[i] = surprisalP95;
                tr.relWidthP95[i] = relWidthP95;
                tr.latencyP95[i] = latencyP95;
                tr.kappa[i] = kappa;
                tr.kappaPlus[i] = kappaPlus;
                tr.soft[i] = (byte) soft;
                tr.hard[i] = (byte) hard;
                tr.raw[i] = (byte) raw;
                tr.state[i] = (byte) state;
                tr.riskScale[i] = riskScale;
                tr.blockReason[i] = (byte) reason;
            }
        }
        progress.report(1.0, "replayed " + counted + " steps");

        final double nd = counted;
        Map<String, Integer> violations = new LinkedHashMap<>();
        violations.put("coverage", vCov);
        violations.put("latency", vLat);
        violations.put("surprisal", vSur);
        violations.put("width", vWid);
        violations.put("kappa", vKap);
        Map<String, Integer> transitionMap = new LinkedHashMap<>();
        for (String key : ReplaySummary.transitionKeys()) {
            String[] ft = key.split("->");
            transitionMap.put(key, transitions[State.valueOf(ft[0]).ordinal() * 3 + State.valueOf(ft[1]).ordinal()]);
        }
        Map<String, Double> byReason = new LinkedHashMap<>();
        for (BlockReason reason : BlockReason.values()) {
            if (reason != BlockReason.NONE && (reason != BlockReason.GUARD_WIDTH || Double.isFinite(p.widthHard))) {
                byReason.put(reason.key(), reasons[reason.ordinal()] / nd);
            }
        }
        double coverage = 1 - misses / nd;
        return new ReplaySummary(counted, passSteps / nd, deriskSteps / nd, blockSteps / nd, coverage,
                Math.abs(coverage - (1 - p.alphaTarget)), Stats.p95InPlace(countedSurprisal),
                latIn == null ? 0.0 : Stats.p95InPlace(countedLatency), violations, anyBreach / nd, transitionMap,
                transitionCount * 1000.0 / nd, riskSum / nd, blocked / nd, byReason, alpha, State.of(state));
    }

    /** {@code huber(r, d) = 0.5 r^2} when {@code |r| <= d}, else {@code d (|r| - 0.5 d)}. */
    static double huber(double r, double d) {
        double a = Math.abs(r);
        return a <= d ? 0.5 * r * r : d * (a - 0.5 * d);
    }
}
