-- A cluster run found groups that give another measurement of a larger group's fact: each
-- group of $source_ids becomes conflicting variants of the group at the same position of
-- $target_ids (targets final). Its `same` members take the reasons at that position of
-- $reason_lists (a list of lists); its conflicting variants keep theirs. Score and method stay.
UPDATE group_members
SET group_id = (
        SELECT folds.target FROM (
            SELECT unnest($source_ids) AS source, unnest($target_ids) AS target
        ) AS folds
        WHERE folds.source = group_members.group_id
    ),
    reasons = CASE WHEN relation = 'same' THEN (
        SELECT folds.reasons FROM (
            SELECT unnest($source_ids) AS source, unnest($reason_lists) AS reasons
        ) AS folds
        WHERE folds.source = group_members.group_id
    ) ELSE reasons END,
    relation = 'conflicting',
    run_id = $run_id
WHERE group_id IN (SELECT unnest($source_ids))
