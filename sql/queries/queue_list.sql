-- The review queue: current (non-stale) claims with their derived state; checkable
-- claims first (values, ordinals, places: migration 0011), then most check-worthy, then
-- most recent. $analyst / $status filter when not NULL.
SELECT claim_id, text, claim_type, checkable, checkworthiness, language, speaker_canonical,
       source, published, status, analyst, status_at, assigned_to,
       suggested_status, suggested_factcheck, suggested_score, group_id
FROM claim_overview
WHERE NOT stale
  AND ($analyst IS NULL OR assigned_to = $analyst)
  AND ($status IS NULL OR status = $status)
ORDER BY checkable DESC NULLS LAST, checkworthiness DESC, published DESC NULLS LAST, claim_id
LIMIT $limit
