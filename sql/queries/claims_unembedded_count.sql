SELECT count(DISTINCT c.text_key) AS missing
FROM claims c
ANTI JOIN text_vectors v ON v.text_key = c.text_key AND v.model_id = $model_id
WHERE NOT c.stale
