-- Articles not yet processed by this extractor version ("what is missing").
SELECT a.article_id
FROM articles a
ANTI JOIN article_extractions e
    ON e.article_id = a.article_id AND e.extractor_version = $extractor_version
ORDER BY a.article_id
