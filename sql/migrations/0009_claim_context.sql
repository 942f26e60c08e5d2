-- One fact per claim (extractor rules-ar-en-4): a claim can be a clause of a longer
-- sentence, so each claim records its sentence as context (code points into
-- articles.text, like char_start/char_end). Claims extracted before this migration have
-- NULL context. The overview view shows the context text next to the claim.

ALTER TABLE claims ADD COLUMN context_start INTEGER;
ALTER TABLE claims ADD COLUMN context_end INTEGER;

DROP VIEW claim_overview;
CREATE VIEW claim_overview AS
SELECT c.*,
       CASE WHEN c.context_start IS NOT NULL
            THEN substring(a.text, c.context_start + 1, c.context_end - c.context_start)
       END AS context,
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
