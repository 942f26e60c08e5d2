-- Every current claim of one article with its status, in text order (the article view
-- marks them all).
SELECT c.claim_id, c.char_start, c.char_end, c.text, c.claim_type,
       coalesce(st.status, 'unreviewed') AS status
FROM claims c
LEFT JOIN claim_status_current st ON st.claim_id = c.claim_id
WHERE c.article_id = $article_id AND NOT c.stale
ORDER BY c.char_start, c.char_end
