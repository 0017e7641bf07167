-- V6: retraining from feedback (retraining.md): runs and the requests queue.
CREATE TABLE retraining_runs (
  id             TEXT PRIMARY KEY,
  source         TEXT NOT NULL CHECK (source IN ('auto_daily', 'manual', 'decay_triggered')),
  dataset_size   INTEGER,
  fine_tune_flag INTEGER NOT NULL CHECK (fine_tune_flag IN (0, 1)),
  status         TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed')),
  metrics        TEXT NOT NULL DEFAULT '{}',
  model_version  TEXT,
  promoted       INTEGER CHECK (promoted IN (0, 1)),
  promoted_reason TEXT,
  started_at     TEXT,
  completed_at   TEXT,
  log_path       TEXT,
  error_message  TEXT,
  triggered_by   TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX retraining_runs_by_created ON retraining_runs(created_at);
CREATE INDEX retraining_runs_by_source ON retraining_runs(source, created_at);
-- The status graph: pending -> running -> completed | failed, and pending -> failed.
CREATE TRIGGER retraining_runs_status_graph BEFORE UPDATE OF status ON retraining_runs WHEN NEW.status <> OLD.status AND NOT ((OLD.status = 'pending' AND NEW.status IN ('running', 'failed')) OR (OLD.status = 'running' AND NEW.status IN ('completed', 'failed'))) BEGIN SELECT RAISE(ABORT, 'retraining run status cannot move that way'); END;

CREATE TABLE retraining_requests (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  requested_by      TEXT NOT NULL,
  reason            TEXT,
  priority          TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high')),
  status            TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'completed', 'cancelled')),
  processed_at      TEXT,
  retraining_run_id TEXT REFERENCES retraining_runs(id),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX retraining_requests_by_status ON retraining_requests(status, created_at);
-- pending -> processing | cancelled; processing -> completed | cancelled (and back to pending when a claim is released).
CREATE TRIGGER retraining_requests_status_graph BEFORE UPDATE OF status ON retraining_requests WHEN NEW.status <> OLD.status AND NOT ((OLD.status = 'pending' AND NEW.status IN ('processing', 'cancelled')) OR (OLD.status = 'processing' AND NEW.status IN ('completed', 'cancelled', 'pending'))) BEGIN SELECT RAISE(ABORT, 'retraining request status cannot move that way'); END;
