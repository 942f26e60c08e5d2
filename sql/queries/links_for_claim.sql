-- Every link/unlink event that involves the claim (undo rows too), oldest first.
SELECT event_id, claim_a, claim_b, action, relation, analyst, event_at, note, undoes_event_id
FROM claim_links
WHERE claim_a = $claim_id OR claim_b = $claim_id
ORDER BY event_at, event_id
