-- DuckLake spelling of links_membership_set.sql: the caller holds
-- Session.lock_keys('group_members').
MERGE INTO group_members AS t
USING (SELECT $claim_id AS claim_id, $group_id AS group_id, [$reason] AS reasons,
              $now AS added_at, $run_id AS run_id) AS s
ON t.claim_id = s.claim_id
WHEN MATCHED THEN UPDATE SET group_id = s.group_id, relation = 'same', method = 'manual',
    score = NULL, reasons = s.reasons, added_at = s.added_at, run_id = s.run_id
WHEN NOT MATCHED THEN INSERT (claim_id, group_id, relation, method, score, reasons, added_at, run_id)
    VALUES (s.claim_id, s.group_id, 'same', 'manual', NULL, s.reasons, s.added_at, s.run_id)
