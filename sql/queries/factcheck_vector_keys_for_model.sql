SELECT v.text_key
FROM text_vectors v
SEMI JOIN (
    SELECT text_key FROM factchecks
    UNION SELECT title_key FROM factchecks WHERE title_key IS NOT NULL
) f ON f.text_key = v.text_key
WHERE v.model_id = $model_id
ORDER BY v.text_key
