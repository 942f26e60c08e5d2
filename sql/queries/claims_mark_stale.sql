UPDATE claims
SET stale = true, stale_since = $now
WHERE article_id = $article_id
  AND NOT stale
  AND NOT list_contains($keep, claim_id)
