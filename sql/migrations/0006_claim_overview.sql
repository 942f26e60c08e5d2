-- One row per claim with what every listing shows next to it: article and source,
-- the derived verification state (0005 views), the best suggested fact-check and the
-- claim's group. Listing queries read this view instead of repeating the joins.
CREATE VIEW claim_overview AS
SELECT c.*,
       s.name AS source, a.published, a.title AS article_title, a.url AS article_url,
       coalesce(st.status, 'unreviewed') AS status, st.analyst, st.status_at,
       asg.assigned_to,
       sug.suggested_status, sug.suggested_factcheck, sug.suggested_score,
       gm.group_id
FROM claims c
JOIN articles a USING (article_id)
LEFT JOIN sources s ON s.source_id = a.source_id
LEFT JOIN claim_status_current st ON st.claim_id = c.claim_id
LEFT JOIN claim_assignment_current asg ON asg.claim_id = c.claim_id
LEFT JOIN factcheck_suggestion_best sug ON sug.claim_id = c.claim_id
LEFT JOIN group_members gm ON gm.claim_id = c.claim_id;
