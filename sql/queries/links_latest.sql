-- The analysts' latest decision per claim pair: it always wins over clustering.
SELECT claim_a, claim_b, action, relation
FROM claim_links
QUALIFY row_number() OVER (PARTITION BY claim_a, claim_b ORDER BY event_at DESC, event_id DESC) = 1
