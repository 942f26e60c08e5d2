-- A cluster run that places its new claims around earlier groups first forgets the automatic
-- memberships of the groups ($model_id's or analysts') that a new claim's neighbours are in
-- ($text_keys: the neighbours' texts), so those claims are placed again with the new ones.
-- Run after `clustered_clear_near`. Analysts' memberships stay.
DELETE FROM group_members
WHERE method = 'auto'
  AND group_id IN (
      SELECT m.group_id
      FROM group_members m
      JOIN claims c USING (claim_id)
      JOIN claim_groups g USING (group_id)
      WHERE c.text_key IN (SELECT unnest($text_keys)) AND g.model_id IN ($model_id, 'manual')
  )
