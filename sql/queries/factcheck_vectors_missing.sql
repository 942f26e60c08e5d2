SELECT f.text_key, any_value(f.claim) AS text, any_value(f.language) AS language
FROM factchecks f
ANTI JOIN text_vectors v ON v.text_key = f.text_key AND v.model_id = $model_id
GROUP BY f.text_key
ORDER BY f.text_key
