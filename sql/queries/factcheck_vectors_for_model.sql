-- Vectors of fact-check claims and titles (see factcheck_vectors_missing).
SELECT v.text_key, v.vector
FROM text_vectors v
SEMI JOIN (
    SELECT text_key FROM factchecks
    UNION SELECT title_key FROM factchecks WHERE title_key IS NOT NULL
) f ON f.text_key = v.text_key
WHERE v.model_id = $model_id
ORDER BY v.text_key
