-- Notes and evidence in force (not undone) for one claim, oldest first.
SELECT event_id, event_at, analyst, action, note, evidence_url, evidence_title
FROM claim_events_effective
WHERE claim_id = $claim_id AND (note IS NOT NULL OR evidence_url IS NOT NULL)
ORDER BY event_at, event_id
