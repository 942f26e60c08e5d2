-- Before `groups_clear_auto_near`: the claims it takes out of their groups, and the
-- neighbours ($text_keys) in no group, are marked as not yet placed for $model_id.
DELETE FROM clustered_claims
WHERE model_id = $model_id
  AND claim_id IN (
      SELECT c.claim_id
      FROM claims c
      LEFT JOIN group_members m USING (claim_id)
      WHERE (m.claim_id IS NULL AND c.text_key IN (SELECT unnest($text_keys)))
         OR (m.method = 'auto' AND m.group_id IN (
                SELECT m2.group_id
                FROM group_members m2
                JOIN claims c2 USING (claim_id)
                JOIN claim_groups g USING (group_id)
                WHERE c2.text_key IN (SELECT unnest($text_keys))
                  AND g.model_id IN ($model_id, 'manual')))
  )
