-- The review queue: current (non-stale) claims with their derived state, most
-- check-worthy first, then most recent. $analyst / $status filter when not NULL.
SELECT c.claim_id, c.text, c.claim_type, c.checkworthiness, c.language, c.speaker_canonical,
       s.name AS source, a.published,
       coalesce(st.status, 'unreviewed') AS status, st.analyst, st.status_at,
       asg.assigned_to, sug.suggested_status, sug.suggested_factcheck, sug.suggested_score,
       gm.group_id
FROM claims c
JOIN articles a USING (article_id)
LEFT JOIN sources s ON s.source_id = a.source_id
LEFT JOIN claim_status_current st ON st.claim_id = c.claim_id
LEFT JOIN claim_assignment_current asg ON asg.claim_id = c.claim_id
LEFT JOIN factcheck_suggestion_best sug ON sug.claim_id = c.claim_id
LEFT JOIN group_members gm ON gm.claim_id = c.claim_id
WHERE NOT c.stale
  AND ($analyst IS NULL OR asg.assigned_to = $analyst)
  AND ($status IS NULL OR coalesce(st.status, 'unreviewed') = $status)
ORDER BY c.checkworthiness DESC, a.published DESC NULLS LAST, c.claim_id
LIMIT $limit
