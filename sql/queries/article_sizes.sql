-- Length in characters of the given articles.
SELECT article_id, chars
FROM articles
WHERE list_contains($article_ids, article_id)
