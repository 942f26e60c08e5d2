INSERT INTO claim_groups (group_id, model_id, created_at, run_id)
VALUES ($group_id, 'manual', $now, $run_id)
