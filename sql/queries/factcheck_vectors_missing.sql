-- Distinct fact-check texts (claims, and titles that differ from them) without a vector
-- for this model yet.
WITH texts AS (
    SELECT text_key, claim AS text, language FROM factchecks
    UNION ALL
    SELECT title_key, title, language FROM factchecks WHERE title_key IS NOT NULL
)
SELECT t.text_key, any_value(t.text) AS text, any_value(t.language) AS language
FROM texts t
ANTI JOIN text_vectors v ON v.text_key = t.text_key AND v.model_id = $model_id
GROUP BY t.text_key
ORDER BY t.text_key
