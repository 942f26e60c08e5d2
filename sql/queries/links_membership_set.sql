-- An analyst put this claim in this group: 'manual' membership (the cluster step keeps it).
INSERT INTO group_members (claim_id, group_id, relation, method, score, reasons, added_at, run_id)
VALUES ($claim_id, $group_id, 'same', 'manual', NULL, [$reason], $now, $run_id)
ON CONFLICT (claim_id) DO UPDATE SET group_id = excluded.group_id, relation = 'same',
    method = 'manual', score = NULL, reasons = excluded.reasons, added_at = excluded.added_at,
    run_id = excluded.run_id
