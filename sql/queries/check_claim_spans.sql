-- Claims whose text is not exactly their article's text at [char_start, char_end), or
-- whose article is missing. (DuckDB's substring counts code points, like Python.)
SELECT c.claim_id AS item,
       CASE WHEN a.article_id IS NULL THEN 'article ' || c.article_id || ' is missing'
            ELSE 'text differs from article ' || c.article_id || ' at '
                 || c.char_start || ':' || c.char_end END AS detail
FROM claims c
LEFT JOIN articles a ON a.article_id = c.article_id
WHERE a.article_id IS NULL
   OR c.char_start < 0 OR c.char_end < c.char_start
   OR substring(a.text, c.char_start + 1, c.char_end - c.char_start) <> c.text
ORDER BY item
