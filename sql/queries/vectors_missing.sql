-- Distinct claim texts that have no vector for this model yet.
SELECT c.text_key, any_value(c.text) AS text, any_value(c.language) AS language
FROM claims c
ANTI JOIN text_vectors v ON v.text_key = c.text_key AND v.model_id = $model_id
GROUP BY c.text_key
ORDER BY c.text_key
