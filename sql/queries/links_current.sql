-- The current link of each pair (the latest event wins); unlinked pairs are omitted.
SELECT claim_a, claim_b, relation, analyst, event_at
FROM (
    SELECT *, row_number() OVER (PARTITION BY claim_a, claim_b
                                 ORDER BY event_at DESC, event_id DESC) AS rn
    FROM claim_links
)
WHERE rn = 1 AND action = 'link'
ORDER BY claim_a, claim_b
