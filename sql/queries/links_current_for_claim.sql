-- The analysts' links in force for one claim (latest event per pair; unlinked pairs drop
-- out), with the other claim of each pair.
SELECT CASE WHEN claim_a = $claim_id THEN claim_b ELSE claim_a END AS other_claim_id,
       relation, analyst, event_at
FROM (
    SELECT *, row_number() OVER (PARTITION BY claim_a, claim_b
                                 ORDER BY event_at DESC, event_id DESC) AS rn
    FROM claim_links
    WHERE claim_a = $claim_id OR claim_b = $claim_id
)
WHERE rn = 1 AND action = 'link'
ORDER BY event_at, other_claim_id
