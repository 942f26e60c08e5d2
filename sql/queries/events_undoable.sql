-- The claim's events still in force, newest first: undo reverts from the top.
SELECT event_id, claim_id, event_at, action, from_status, to_status, assigned_to, batch_id
FROM claim_events_effective
WHERE claim_id = $claim_id
ORDER BY event_at DESC, event_id DESC
