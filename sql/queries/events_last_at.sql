-- The time of a claim's latest event (new events are stamped strictly after it).
SELECT max(event_at) AS last_at FROM claim_events WHERE claim_id = $claim_id
