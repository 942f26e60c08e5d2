SELECT *
FROM claim_overview
WHERE claim_id = $claim_id
