SELECT c.*, s.name AS source, a.published, a.title AS article_title, a.url AS article_url,
       coalesce(st.status, 'unreviewed') AS status, st.analyst, st.status_at,
       asg.assigned_to, sug.suggested_status, sug.suggested_factcheck, sug.suggested_score
FROM claims c
JOIN articles a USING (article_id)
LEFT JOIN sources s ON s.source_id = a.source_id
LEFT JOIN claim_status_current st ON st.claim_id = c.claim_id
LEFT JOIN claim_assignment_current asg ON asg.claim_id = c.claim_id
LEFT JOIN factcheck_suggestion_best sug ON sug.claim_id = c.claim_id
WHERE c.claim_id = $claim_id
