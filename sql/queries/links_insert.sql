INSERT INTO claim_links (event_id, claim_a, claim_b, action, relation, analyst, event_at, note,
                         undoes_event_id)
VALUES ($event_id, $claim_a, $claim_b, $action, $relation, $analyst, $now, $note,
        $undoes_event_id)
