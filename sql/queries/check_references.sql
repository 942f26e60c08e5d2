-- Rows that point at a row that does not exist: audit events, links, group members,
-- suggestions, appearances and extraction records.
SELECT 'claim_events ' || e.event_id AS item, 'claim ' || e.claim_id || ' is missing' AS detail
FROM claim_events e ANTI JOIN claims c ON c.claim_id = e.claim_id
UNION ALL
SELECT 'claim_events ' || e.event_id, 'undoes event ' || e.undoes_event_id || ', which is missing'
FROM claim_events e
WHERE e.undoes_event_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM claim_events t WHERE t.event_id = e.undoes_event_id)
UNION ALL
SELECT 'claim_links ' || l.event_id, 'claim ' || l.claim_a || ' is missing'
FROM claim_links l ANTI JOIN claims c ON c.claim_id = l.claim_a
UNION ALL
SELECT 'claim_links ' || l.event_id, 'claim ' || l.claim_b || ' is missing'
FROM claim_links l ANTI JOIN claims c ON c.claim_id = l.claim_b
UNION ALL
SELECT 'claim_links ' || l.event_id, 'undoes event ' || l.undoes_event_id || ', which is missing'
FROM claim_links l
WHERE l.undoes_event_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM claim_links t WHERE t.event_id = l.undoes_event_id)
UNION ALL
SELECT 'group_members ' || m.claim_id, 'claim is missing'
FROM group_members m ANTI JOIN claims c ON c.claim_id = m.claim_id
UNION ALL
SELECT 'group_members ' || m.claim_id, 'group ' || m.group_id || ' is missing'
FROM group_members m ANTI JOIN claim_groups g ON g.group_id = m.group_id
UNION ALL
SELECT 'factcheck_suggestions ' || s.claim_id || '/' || s.factcheck_id, 'claim is missing'
FROM factcheck_suggestions s ANTI JOIN claims c ON c.claim_id = s.claim_id
UNION ALL
SELECT 'factcheck_suggestions ' || s.claim_id || '/' || s.factcheck_id, 'fact-check is missing'
FROM factcheck_suggestions s ANTI JOIN factchecks f ON f.factcheck_id = s.factcheck_id
UNION ALL
SELECT 'article_appearances ' || p.appearance_id, 'article ' || p.article_id || ' is missing'
FROM article_appearances p ANTI JOIN articles a ON a.article_id = p.article_id
UNION ALL
SELECT 'article_extractions ' || x.article_id, 'article is missing'
FROM article_extractions x ANTI JOIN articles a ON a.article_id = x.article_id
ORDER BY item, detail
