-- DuckLake spelling of claims_mark_stale.sql: DuckLake has no UPDATE ... RETURNING, so the
-- caller reads the rows first with claims_going_stale.sql in the same transaction.
UPDATE claims
SET stale = true, stale_since = $now
WHERE list_contains($article_ids, article_id)
  AND NOT stale
  AND run_id <> $run_id
