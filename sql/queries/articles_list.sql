SELECT
    a.article_id,
    s.name AS source,
    a.published,
    a.language AS lang,
    a.title,
    a.chars,
    a.url,
    a.origin,
    a.ingested_at,
    (SELECT count(*) FROM article_appearances p WHERE p.article_id = a.article_id) AS appearances
FROM articles a
LEFT JOIN sources s USING (source_id)
WHERE ($language IS NULL OR a.language = $language)
  AND ($source IS NULL OR s.name = $source)
ORDER BY a.published DESC NULLS LAST, a.ingested_at, a.article_id
LIMIT $limit
