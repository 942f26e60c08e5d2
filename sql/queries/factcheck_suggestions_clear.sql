-- A new suggest run with a model replaces that model's earlier suggestions (they are
-- derived data; the analysts' confirmed verdicts live in claim_events).
DELETE FROM factcheck_suggestions WHERE model_id = $model_id
