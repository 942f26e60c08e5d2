-- Used by store.workflow.append_events through insert_frame (append-only: INSERT only);
-- kept here so the column list is tested against the schema.
SELECT event_id, claim_id, event_at, analyst, action, from_status, to_status, note,
       evidence_url, evidence_title, assigned_to, undoes_event_id, batch_id, factcheck_id
FROM claim_events
LIMIT 0
