-- Distinct claim texts passing the similar-search filters (restricts the vector search).
SELECT DISTINCT c.text_key
FROM claims c
JOIN articles a USING (article_id)
LEFT JOIN sources s ON s.source_id = a.source_id
WHERE NOT c.stale
  AND ($language IS NULL OR c.language = $language)
  AND ($source IS NULL OR s.name = $source)
  AND ($since IS NULL OR a.published >= $since)
