-- V7: a model version retraining rejected keeps why (models.rejection), also while it is forced active and after it is
-- replaced again, so activation refuses it unless forced and rollback never brings it back (retraining-notes.md).
ALTER TABLE models ADD COLUMN rejection TEXT;
UPDATE models SET rejection = reason WHERE status = 'rejected';
-- activated before this version (which then recorded only this reason): it was rejected, why is no longer known
UPDATE models SET rejection = 'rejected (why was not kept when it was activated)' WHERE status = 'active' AND reason = 'activated (was rejected)';
