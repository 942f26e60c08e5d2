SELECT a.*, s.name AS source
FROM articles a
LEFT JOIN sources s USING (source_id)
WHERE a.article_id = $article_id
