-- The current status of some claims (the review app's rows after others' changes).
SELECT claim_id, status
FROM claim_overview
WHERE claim_id IN (SELECT unnest($claim_ids))
