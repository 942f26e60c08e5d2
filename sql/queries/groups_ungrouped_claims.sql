-- Claims no cluster run has placed yet for this model (the incremental part), with facts.
SELECT c.claim_id, c.text_key, c.text, c.language, c.article_id, c.speaker_canonical,
       c.speaker, c.entities, c."values", c.negated
FROM claims c
SEMI JOIN text_vectors v ON v.text_key = c.text_key AND v.model_id = $model_id
ANTI JOIN group_members m ON m.claim_id = c.claim_id
ANTI JOIN clustered_claims d ON d.claim_id = c.claim_id AND d.model_id = $model_id
WHERE NOT c.stale
ORDER BY c.claim_id
