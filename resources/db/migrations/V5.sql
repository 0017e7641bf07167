-- V5: scoring (inference.md sections 4 and 6): model registry, per-row predictions, analyst feedback.
-- predictions + feedback are the evaluation log retraining reads (retraining.md).
CREATE TABLE models (
  version     TEXT PRIMARY KEY,
  created_at  TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('active', 'candidate', 'rejected', 'retired')),
  metrics     TEXT NOT NULL DEFAULT '{}',
  path        TEXT NOT NULL,
  reason      TEXT
);
CREATE INDEX models_by_status ON models(status);

CREATE TABLE predictions (
  analysis_id   TEXT NOT NULL,
  row           INTEGER NOT NULL,
  customer      TEXT,
  predicted     TEXT NOT NULL,
  probabilities TEXT NOT NULL,
  anomaly       REAL NOT NULL,
  cluster       INTEGER NOT NULL,
  guardrails    TEXT NOT NULL DEFAULT '[]',
  model_version TEXT,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (analysis_id, row)
);

CREATE TABLE feedback (
  analysis_id TEXT NOT NULL,
  row         INTEGER NOT NULL,
  true_class  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (analysis_id, row)
);
