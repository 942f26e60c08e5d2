-- The derived current state of one claim.
SELECT c.claim_id, coalesce(st.status, 'unreviewed') AS status, st.analyst, st.status_at,
       st.factcheck_id, asg.assigned_to, asg.assigned_by, asg.assigned_at
FROM claims c
LEFT JOIN claim_status_current st ON st.claim_id = c.claim_id
LEFT JOIN claim_assignment_current asg ON asg.claim_id = c.claim_id
WHERE c.claim_id = $claim_id
