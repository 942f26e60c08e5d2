-- Claims of these articles that the run $run_id did not produce (every claim it found was
-- upserted with its run id) are flagged stale -- kept, never deleted. Returns them.
UPDATE claims
SET stale = true, stale_since = $now
WHERE list_contains($article_ids, article_id)
  AND NOT stale
  AND run_id <> $run_id
RETURNING claim_id, article_id
