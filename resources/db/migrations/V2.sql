-- V2: tracked runs (tracking.md): every engine run and pipeline step, with open-ended JSON maps.
CREATE TABLE runs (
  id            TEXT PRIMARY KEY,
  kind          TEXT NOT NULL,
  project       TEXT,
  name          TEXT,
  status        TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
  job_id        TEXT,
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  params        TEXT NOT NULL DEFAULT '{}',
  metrics       TEXT NOT NULL DEFAULT '{}',
  tags          TEXT NOT NULL DEFAULT '{}',
  artifacts     TEXT NOT NULL DEFAULT '[]',
  output_dir    TEXT,
  error_message TEXT
);
CREATE INDEX runs_by_started ON runs(started_at);
CREATE INDEX runs_by_kind ON runs(kind);
