SELECT c.*, s.name AS source, a.published, a.title AS article_title, a.url AS article_url
FROM claims c
JOIN articles a USING (article_id)
LEFT JOIN sources s ON s.source_id = a.source_id
WHERE c.claim_id = $claim_id
