SELECT v.text_key, v.vector
FROM text_vectors v
SEMI JOIN factchecks f ON f.text_key = v.text_key
WHERE v.model_id = $model_id
ORDER BY v.text_key
