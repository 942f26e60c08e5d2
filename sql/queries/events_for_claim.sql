-- A claim's audit log, oldest first, with whether each event has been undone.
SELECT e.event_id, e.claim_id, e.event_at, e.analyst, e.action, e.from_status, e.to_status,
       e.note, e.evidence_url, e.evidence_title, e.assigned_to, e.undoes_event_id, e.batch_id,
       e.factcheck_id, (u.event_id IS NOT NULL) AS undone, t.action AS undoes_action
FROM claim_events e
LEFT JOIN claim_events_undone u ON u.event_id = e.event_id
LEFT JOIN claim_events t ON t.event_id = e.undoes_event_id
WHERE e.claim_id = $claim_id
ORDER BY e.event_at, e.event_id
