-- How many current claims have a vector of $model_id (the claims a whole cluster run places).
SELECT count(*) AS claims
FROM claims c
SEMI JOIN text_vectors v ON v.text_key = c.text_key AND v.model_id = $model_id
WHERE NOT c.stale
