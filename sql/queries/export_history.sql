-- The audit log for exports: every claim event, plus analysts' link/unlink events (one
-- row for each of the two claims). Callers keep the rows of the claims they export.
-- "note" carries a readable detail where the event has no note of its own.
WITH link_sides AS (
    SELECT event_id, claim_a AS claim_id, claim_b AS other_claim FROM claim_links
    UNION ALL
    SELECT event_id, claim_b AS claim_id, claim_a AS other_claim FROM claim_links
)
SELECT
    e.event_id, e.claim_id, e.event_at AS "at", e.analyst, e.action, e.from_status, e.to_status,
    CASE
        WHEN e.note IS NOT NULL THEN e.note
        WHEN e.action = 'evidence' THEN e.evidence_title
        WHEN e.action = 'assign' AND coalesce(e.assigned_to, '') = '' THEN 'unassigned'
        WHEN e.action = 'assign' THEN 'assigned to ' || e.assigned_to
        WHEN e.action = 'undo' THEN concat_ws(' ', 'undoes', coalesce(t.action, 'event'),
                                              e.undoes_event_id)
    END AS note,
    e.evidence_url, e.evidence_title, e.assigned_to, e.undoes_event_id, e.batch_id,
    e.factcheck_id
FROM claim_events e
LEFT JOIN claim_events t ON t.event_id = e.undoes_event_id
UNION ALL
SELECT
    l.event_id, side.claim_id, l.event_at AS "at", l.analyst,
    CASE WHEN l.undoes_event_id IS NULL THEN l.action ELSE 'undo' END AS action,
    NULL AS from_status, NULL AS to_status,
    concat_ws(': ', concat_ws(' ', CASE WHEN l.action = 'clear' THEN 'no link'
                                        ELSE coalesce(l.relation, l.action) END,
                              'with', side.other_claim), l.note) AS note,
    NULL AS evidence_url, NULL AS evidence_title, NULL AS assigned_to,
    l.undoes_event_id, NULL AS batch_id, NULL AS factcheck_id
FROM claim_links l
JOIN link_sides side ON side.event_id = l.event_id
ORDER BY claim_id, "at", event_id
