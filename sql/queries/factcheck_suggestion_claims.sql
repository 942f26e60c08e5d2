-- Current claims with a vector for the model: what `factchecks suggest` compares. The
-- article's date lets the search look at fact-checks published near it.
SELECT c.claim_id, c.text_key, c.text, c.language, c."values", c.entities,
       c.speaker_canonical, c.speaker, c.negated, a.published
FROM claims c
LEFT JOIN articles a ON a.article_id = c.article_id
SEMI JOIN text_vectors v ON v.text_key = c.text_key AND v.model_id = $model_id
WHERE NOT c.stale
ORDER BY c.claim_id
