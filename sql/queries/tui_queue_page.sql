-- One page of the review app's queue (claimtrack review): current claims with their
-- derived state, filtered and sorted in the database so the app never loads the table.
-- Empty $status_keys = every status. $search matches claim text literally (no pattern).
-- $sort_key picks the column (whitelisted by claimtrack.api.review_view); ties fall back
-- to the default order (most check-worthy, most recent, id) so pages never overlap.
SELECT c.claim_id, c.article_id, c.text, c.claim_type, c.checkworthiness, c.language,
       coalesce(c.speaker_canonical, c.speaker) AS speaker, s.name AS source, a.published,
       coalesce(st.status, 'unreviewed') AS status, st.analyst, asg.assigned_to,
       sug.suggested_status, gm.group_id
FROM claims c
JOIN articles a USING (article_id)
LEFT JOIN sources s ON s.source_id = a.source_id
LEFT JOIN claim_status_current st ON st.claim_id = c.claim_id
LEFT JOIN claim_assignment_current asg ON asg.claim_id = c.claim_id
LEFT JOIN factcheck_suggestion_best sug ON sug.claim_id = c.claim_id
LEFT JOIN group_members gm ON gm.claim_id = c.claim_id
WHERE NOT c.stale
  AND (len($status_keys) = 0 OR list_contains($status_keys, coalesce(st.status, 'unreviewed')))
  AND ($claim_type IS NULL OR c.claim_type = $claim_type)
  AND ($language IS NULL OR c.language = $language)
  AND ($source IS NULL OR s.name = $source)
  AND ($analyst IS NULL OR asg.assigned_to = $analyst)
  AND ($group_id IS NULL OR gm.group_id = $group_id)
  AND ($search IS NULL OR contains(lower(c.text), lower($search)))
ORDER BY
  CASE WHEN $sort_key = 'status' AND NOT $is_descending THEN coalesce(st.status, 'unreviewed') END ASC,
  CASE WHEN $sort_key = 'status' AND $is_descending THEN coalesce(st.status, 'unreviewed') END DESC,
  CASE WHEN $sort_key = 'checkworthiness' AND NOT $is_descending THEN c.checkworthiness END ASC,
  CASE WHEN $sort_key = 'claim_type' AND NOT $is_descending THEN c.claim_type END ASC,
  CASE WHEN $sort_key = 'claim_type' AND $is_descending THEN c.claim_type END DESC,
  CASE WHEN $sort_key = 'language' AND NOT $is_descending THEN c.language END ASC,
  CASE WHEN $sort_key = 'language' AND $is_descending THEN c.language END DESC,
  CASE WHEN $sort_key = 'source' AND NOT $is_descending THEN s.name END ASC NULLS LAST,
  CASE WHEN $sort_key = 'source' AND $is_descending THEN s.name END DESC NULLS LAST,
  CASE WHEN $sort_key = 'published' AND NOT $is_descending THEN a.published END ASC NULLS LAST,
  CASE WHEN $sort_key = 'published' AND $is_descending THEN a.published END DESC NULLS LAST,
  CASE WHEN $sort_key = 'speaker' AND NOT $is_descending
       THEN coalesce(c.speaker_canonical, c.speaker) END ASC NULLS LAST,
  CASE WHEN $sort_key = 'speaker' AND $is_descending
       THEN coalesce(c.speaker_canonical, c.speaker) END DESC NULLS LAST,
  CASE WHEN $sort_key = 'text' AND NOT $is_descending THEN c.text END ASC,
  CASE WHEN $sort_key = 'text' AND $is_descending THEN c.text END DESC,
  c.checkworthiness DESC, a.published DESC NULLS LAST, c.claim_id
LIMIT $limit OFFSET $offset
