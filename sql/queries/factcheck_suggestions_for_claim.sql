SELECT s.claim_id, s.factcheck_id, s.model_id, s.score, s.relation, s.reasons,
       s.suggested_status, s.created_at, f.claim, f.rating, f.url, f.publisher
FROM factcheck_suggestions s
JOIN factchecks f USING (factcheck_id)
WHERE s.claim_id = $claim_id
ORDER BY s.score DESC
