-- Groups of $model_id left without a member (merged into another, or their members carried
-- back to an earlier group id by `cluster --rebuild`).
DELETE FROM claim_groups
WHERE model_id = $model_id
  AND group_id NOT IN (SELECT group_id FROM group_members)
