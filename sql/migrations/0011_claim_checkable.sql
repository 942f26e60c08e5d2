-- The review queue's first tier (issue 11): a claim is checkable when it states a value
-- (number, percent, money, duration, date, year, ordinal, "first since") or is typed
-- quantity, temporal, comparison or location (claimtrack.pipeline.extract.detect.
-- is_checkable). The default queue order is checkable first, then check-worthiness.
-- Claims extracted before this migration get the same rule from their stored types and
-- values; a re-extraction writes the extractor's own flag.
-- claim_overview selects c.*, so it is recreated to show the new column.

DROP VIEW claim_overview;
ALTER TABLE claims ADD COLUMN checkable BOOLEAN;
UPDATE claims
SET checkable = ("values" IS NOT NULL AND "values" NOT IN ('', '[]'))
             OR claim_type IN ('quantity', 'temporal', 'comparison', 'location')
             OR list_has_any(secondary_types, ['quantity', 'temporal', 'comparison', 'location']);
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
