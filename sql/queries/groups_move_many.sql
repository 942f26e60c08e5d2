-- A cluster run merged groups: each group of $source_ids moves into the group at the same
-- position of $target_ids (every merge of the run in one statement; targets are final, a
-- chain a -> b -> c already resolved). Members keep relation, method, score and reasons.
UPDATE group_members
SET group_id = (
        SELECT moves.target FROM (
            SELECT unnest($source_ids) AS source, unnest($target_ids) AS target
        ) AS moves
        WHERE moves.source = group_members.group_id
    ),
    run_id = $run_id
WHERE group_id IN (SELECT unnest($source_ids))
