-- The claims claims_mark_stale flags (same condition), for DuckLake, which has no
-- UPDATE ... RETURNING: read in the transaction that then runs the update.
SELECT claim_id, article_id
FROM claims
WHERE list_contains($article_ids, article_id)
  AND NOT stale
  AND run_id <> $run_id
