-- V1: jobs and their log lines (platform.md, Jobs).
CREATE TABLE jobs (
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'cancelled')),
  progress         REAL NOT NULL DEFAULT 0,
  progress_message TEXT,
  params           TEXT NOT NULL DEFAULT '{}',
  result           TEXT,
  error_message    TEXT,
  output_dir       TEXT,
  created_at       TEXT NOT NULL,
  started_at       TEXT,
  finished_at      TEXT,
  attempt          INTEGER NOT NULL DEFAULT 1,
  retry_of         TEXT REFERENCES jobs(id),
  timeout_sec      INTEGER,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  owner_pid        INTEGER,
  owner_host       TEXT,
  heartbeat_at     TEXT
);
CREATE INDEX jobs_by_created ON jobs(created_at);
CREATE INDEX jobs_by_status ON jobs(status);

CREATE TABLE job_logs (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id  TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  at      TEXT NOT NULL,
  level   TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX job_logs_by_job ON job_logs(job_id, id);
