SELECT m.claim_id, m.relation, m.method, m.score, m.reasons, c.text, c.language,
       c.article_id, s.name AS source, a.published
FROM group_members m
JOIN claims c USING (claim_id)
JOIN articles a ON a.article_id = c.article_id
LEFT JOIN sources s ON s.source_id = a.source_id
WHERE m.group_id = $group_id
ORDER BY m.relation DESC, a.published NULLS LAST, m.claim_id
