-- V3: coverage drift watch of the acceptance engine, one row per profile (acceptance.md).
CREATE TABLE drift_watch (
  profile_key      TEXT PRIMARY KEY,
  phase            TEXT NOT NULL,
  ema              REAL NOT NULL,
  violation_streak INTEGER NOT NULL,
  ok_streak        INTEGER NOT NULL,
  runs             INTEGER NOT NULL,
  last_run_id      TEXT,
  last_line        TEXT,
  updated_at       TEXT NOT NULL
);
