-- One page of the review app's queue (claimtrack review): current claims with their
-- derived state, filtered and sorted in the database so the app never loads the table.
-- Empty $status_keys = every status. $search matches claim text literally (no pattern).
-- $sort_key picks the column (whitelisted by claimtrack.api.review_view); ties fall back
-- to the default order (checkable first, most check-worthy, most recent, id) so pages
-- never overlap. Sorting by check-worthiness keeps the checkable tier (migration 0011)
-- on top when descending, the default; ascending shows the reverse order.
SELECT claim_id, article_id, text, claim_type, checkable, checkworthiness, language,
       coalesce(speaker_canonical, speaker) AS speaker, source, published,
       status, analyst, assigned_to, suggested_status, group_id
FROM claim_overview
WHERE NOT stale
  AND (len($status_keys) = 0 OR list_contains($status_keys, status))
  AND ($claim_type IS NULL OR claim_type = $claim_type)
  AND ($language IS NULL OR language = $language)
  AND ($source IS NULL OR source = $source)
  AND ($analyst IS NULL OR assigned_to = $analyst)
  AND ($group_id IS NULL OR group_id = $group_id)
  AND ($search IS NULL OR contains(lower(text), lower($search)))
ORDER BY
  CASE WHEN $sort_key = 'status' AND NOT $is_descending THEN status END ASC,
  CASE WHEN $sort_key = 'status' AND $is_descending THEN status END DESC,
  CASE WHEN $sort_key = 'checkworthiness' AND NOT $is_descending THEN checkable END ASC,
  CASE WHEN $sort_key = 'checkworthiness' AND NOT $is_descending THEN checkworthiness END ASC,
  CASE WHEN $sort_key = 'claim_type' AND NOT $is_descending THEN claim_type END ASC,
  CASE WHEN $sort_key = 'claim_type' AND $is_descending THEN claim_type END DESC,
  CASE WHEN $sort_key = 'language' AND NOT $is_descending THEN language END ASC,
  CASE WHEN $sort_key = 'language' AND $is_descending THEN language END DESC,
  CASE WHEN $sort_key = 'source' AND NOT $is_descending THEN source END ASC NULLS LAST,
  CASE WHEN $sort_key = 'source' AND $is_descending THEN source END DESC NULLS LAST,
  CASE WHEN $sort_key = 'published' AND NOT $is_descending THEN published END ASC NULLS LAST,
  CASE WHEN $sort_key = 'published' AND $is_descending THEN published END DESC NULLS LAST,
  CASE WHEN $sort_key = 'speaker' AND NOT $is_descending
       THEN coalesce(speaker_canonical, speaker) END ASC NULLS LAST,
  CASE WHEN $sort_key = 'speaker' AND $is_descending
       THEN coalesce(speaker_canonical, speaker) END DESC NULLS LAST,
  CASE WHEN $sort_key = 'text' AND NOT $is_descending THEN text END ASC,
  CASE WHEN $sort_key = 'text' AND $is_descending THEN text END DESC,
  checkable DESC NULLS LAST, checkworthiness DESC, published DESC NULLS LAST, claim_id
LIMIT $limit OFFSET $offset
