SELECT v.text_key
FROM text_vectors v
SEMI JOIN claims c ON c.text_key = v.text_key
WHERE v.model_id = $model_id
ORDER BY v.text_key
