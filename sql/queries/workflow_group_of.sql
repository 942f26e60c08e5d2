-- The group of one claim (no row when it has none).
SELECT group_id, relation, method FROM group_members WHERE claim_id = $claim_id
