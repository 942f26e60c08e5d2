-- A cluster run merged group $source into group $target: its members (same members and
-- conflicting variants alike) move, keeping relation, method, score and reasons.
UPDATE group_members SET group_id = $target, run_id = $run_id WHERE group_id = $source
