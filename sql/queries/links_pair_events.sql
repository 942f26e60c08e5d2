-- Every link/unlink/undo event of one claim pair (claim_a < claim_b), newest first.
SELECT event_id, claim_a, claim_b, action, relation, analyst, event_at, note, undoes_event_id
FROM claim_links
WHERE claim_a = $claim_a AND claim_b = $claim_b
ORDER BY event_at DESC, event_id DESC
