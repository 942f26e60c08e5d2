-- `cluster --rebuild`: forget what earlier cluster runs decided for $model_id (automatic
-- memberships, in that model's groups or in analysts' groups, and which claims were
-- placed); analysts' memberships and links stay.
DELETE FROM group_members
WHERE method = 'auto'
  AND group_id IN (SELECT group_id FROM claim_groups WHERE model_id IN ($model_id, 'manual'))
