-- V8: when the process that owns a job started, so a job whose owner died is recognised even after the system has
-- given its pid to another process (pids wrap within minutes on a busy host).
ALTER TABLE jobs ADD COLUMN owner_started_at TEXT;
