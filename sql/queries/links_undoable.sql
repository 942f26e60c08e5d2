-- The claim's link/unlink events still in force (not undo rows, not undone), newest first.
SELECT l.event_id, l.claim_a, l.claim_b, l.action, l.relation, l.analyst, l.event_at
FROM claim_links l
WHERE (l.claim_a = $claim_id OR l.claim_b = $claim_id)
  AND l.undoes_event_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM claim_links u WHERE u.undoes_event_id = l.event_id)
ORDER BY l.event_at DESC, l.event_id DESC
