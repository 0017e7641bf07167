#!/usr/bin/env python3
"""The numpy counterpart of `riskbench scenario run` for the scenario-e2e benchmark (see bench/scenario-e2e.sh).

Does what a scenario run does, vectorised: read the CSV (np.loadtxt), fit target ~ intercept + features by least
squares (np.linalg.lstsq), then n bootstrap scenarios, each drawing n row indices with replacement and one normal
per row copy (the engine's shock: a copy of row i scores base_i + spread_i * z, spread_i = shock_sd *
sqrt(sum_j (b_j x_ij)^2)), with numpy percentiles for the per-scenario metrics; writes runs.csv and summary.json.

usage: scenario_numpy.py CSV OUT_DIR [--scenarios 20] [--seed 42] [--shock-sd 0.05] [--hit-band 2.0]
"""
import argparse
import json
import os
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("out")
    ap.add_argument("--scenarios", type=int, default=20)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--shock-sd", type=float, default=0.05)
    ap.add_argument("--hit-band", type=float, default=2.0)
    ap.add_argument("--target", default="target")
    a = ap.parse_args()
    t0 = time.perf_counter()

    with open(a.csv, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    table = np.loadtxt(a.csv, delimiter=",", skiprows=1, dtype=np.float64)
    t_read = time.perf_counter()
    ti = header.index(a.target)
    y = table[:, ti]
    x = np.delete(table, ti, axis=1)
    del table
    n, p = x.shape

    design = np.empty((n, p + 1))
    design[:, 0] = 1.0
    design[:, 1:] = x
    beta, _, _, _ = np.linalg.lstsq(design, y, rcond=None)
    residuals = y - design @ beta
    residual_sd = float(np.sqrt(residuals @ residuals / (n - p - 1)))
    r2 = 1.0 - float(residuals @ residuals) / float(((y - y.mean()) ** 2).sum())
    del design
    contributions = x * beta[1:]
    base = beta[0] + contributions.sum(axis=1)
    spread = a.shock_sd * np.sqrt((contributions ** 2).sum(axis=1))
    del contributions
    t_fit = time.perf_counter()

    threshold = a.hit_band * residual_sd
    runs = []
    for s in range(a.scenarios):
        ts = time.perf_counter()
        rng = np.random.default_rng(a.seed + s)
        idx = rng.integers(0, n, size=n)
        z = rng.standard_normal(n)
        scores = base[idx] + spread[idx] * z
        err = scores - y[idx]
        p05, p50, p95 = np.percentile(scores, [5, 50, 95])
        hits = int(np.count_nonzero(np.abs(err) <= threshold))
        runs.append({
            "scenario_id": s, "seed": a.seed + s, "num_rows": n,
            "avg_score": float(scores.mean()), "max_score": float(scores.max()), "min_score": float(scores.min()),
            "score_p05": float(p05), "score_p50": float(p50), "score_p95": float(p95),
            "es_95": float(scores[scores >= p95].mean()),
            "rmse": float(np.sqrt((err ** 2).mean())), "mae": float(np.abs(err).mean()),
            "p_hit": hits / n, "num_hits": hits, "runtime_sec": time.perf_counter() - ts,
        })
    t_scen = time.perf_counter()

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "runs.csv"), "w") as f:
        f.write(",".join(runs[0].keys()) + "\n")
        for r in runs:
            f.write(",".join(str(v) for v in r.values()) + "\n")
    best = max(runs, key=lambda r: r["avg_score"])
    summary = {
        "num_rows": n, "num_scenarios": a.scenarios, "seed": a.seed,
        "mean_avg_score": float(np.mean([r["avg_score"] for r in runs])),
        "mean_p_hit": float(np.mean([r["p_hit"] for r in runs])),
        "best_scenario_id": best["scenario_id"], "best_avg_score": best["avg_score"],
        "model": {"intercept": float(beta[0]), "coefficients": dict(zip([h for h in header if h != a.target],
                                                                         map(float, beta[1:]))),
                  "r2": r2, "residual_sd": residual_sd},
        "timings_sec": {"read": t_read - t0, "fit": t_fit - t_read, "scenarios": t_scen - t_fit,
                        "total": time.perf_counter() - t0},
    }
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(f"numpy: {n} rows x {p} features, {a.scenarios} scenarios, mean avg_score {summary['mean_avg_score']:.4f},"
          f" mean p_hit {summary['mean_p_hit']:.4f}; read {t_read - t0:.2f} s, fit {t_fit - t_read:.2f} s,"
          f" scenarios {t_scen - t_fit:.2f} s")


if __name__ == "__main__":
    main()
