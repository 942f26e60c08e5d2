-- Which of the given claim ids exist ($claim_ids is a list).
SELECT claim_id FROM claims WHERE list_contains($claim_ids, claim_id)
