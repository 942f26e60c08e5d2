-- Claims not yet in a group (the incremental part of clustering), with their facts.
SELECT c.claim_id, c.text_key, c.text, c.language, c.article_id, c.speaker_canonical,
       c.speaker, c.entities, c."values", c.negated
FROM claims c
SEMI JOIN text_vectors v ON v.text_key = c.text_key AND v.model_id = $model_id
ANTI JOIN group_members m ON m.claim_id = c.claim_id
WHERE NOT c.stale
ORDER BY c.claim_id
