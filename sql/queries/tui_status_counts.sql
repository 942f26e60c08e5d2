-- Claims per status under the review app's filters (every filter but the status one),
-- so the counts bar shows what each status filter would give.
SELECT coalesce(st.status, 'unreviewed') AS status, count(*) AS claims
FROM claims c
JOIN articles a USING (article_id)
LEFT JOIN sources s ON s.source_id = a.source_id
LEFT JOIN claim_status_current st ON st.claim_id = c.claim_id
LEFT JOIN claim_assignment_current asg ON asg.claim_id = c.claim_id
LEFT JOIN group_members gm ON gm.claim_id = c.claim_id
WHERE NOT c.stale
  AND ($claim_type IS NULL OR c.claim_type = $claim_type)
  AND ($language IS NULL OR c.language = $language)
  AND ($source IS NULL OR s.name = $source)
  AND ($analyst IS NULL OR asg.assigned_to = $analyst)
  AND ($group_id IS NULL OR gm.group_id = $group_id)
  AND ($search IS NULL OR contains(lower(c.text), lower($search)))
GROUP BY ALL
ORDER BY status
