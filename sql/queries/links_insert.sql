INSERT INTO claim_links (event_id, claim_a, claim_b, action, relation, analyst, event_at, note)
VALUES ($event_id, $claim_a, $claim_b, $action, $relation, $analyst, $now, $note)
