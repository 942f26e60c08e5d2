-- The choices the review app offers in its source and language filters.
SELECT 'source' AS field, name AS value FROM sources
UNION
SELECT DISTINCT 'language' AS field, language AS value FROM articles
ORDER BY field, value
