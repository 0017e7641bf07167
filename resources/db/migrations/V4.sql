-- V4: uploaded datasets and the inference queue's analyses (inference.md sections 1 and 6).
-- The inbox folders are the truth about where a file is; this table mirrors them for listing and history.
CREATE TABLE datasets (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  size_bytes  INTEGER NOT NULL,
  rows        INTEGER,
  schema_json TEXT NOT NULL DEFAULT '{}',
  created_at  TEXT NOT NULL
);
CREATE INDEX datasets_by_sha ON datasets(sha256);

CREATE TABLE analyses (
  id           TEXT PRIMARY KEY,
  dataset_id   INTEGER REFERENCES datasets(id),
  input_name   TEXT NOT NULL,
  input_sha256 TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'processed', 'failed')),
  rows         INTEGER,
  attempts     INTEGER NOT NULL DEFAULT 0,
  job_id       TEXT,
  claimed_by   TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  summary      TEXT,
  error        TEXT
);
CREATE INDEX analyses_by_created ON analyses(created_at);
