WITH member_rows AS (
    SELECT m.group_id, m.claim_id, m.relation, c.language, c.text, s.name AS source,
           a.published
    FROM group_members m
    JOIN claims c USING (claim_id)
    JOIN articles a ON a.article_id = c.article_id
    LEFT JOIN sources s ON s.source_id = a.source_id
),
conflict_reasons AS (
    SELECT group_id, list_sort(list_distinct(flatten(list(reasons)))) AS reasons
    FROM group_members
    WHERE relation = 'conflicting'
    GROUP BY group_id
)
SELECT
    r.group_id,
    count(*) AS size,
    count(*) FILTER (WHERE r.relation = 'same') AS members,
    count(*) FILTER (WHERE r.relation = 'conflicting') AS conflicts,
    list_sort(list_distinct(list(r.language))) AS languages,
    list_sort(list_distinct(list(r.source) FILTER (WHERE r.source IS NOT NULL))) AS sources,
    min(r.published) AS first_seen,
    max(r.published) AS last_seen,
    arg_min(r.text, r.claim_id) FILTER (WHERE r.relation = 'same') AS example,
    any_value(cr.reasons) AS conflict_reasons
FROM member_rows r
LEFT JOIN conflict_reasons cr USING (group_id)
GROUP BY r.group_id
HAVING count(*) >= $min_size
ORDER BY members DESC, conflicts DESC, first_seen NULLS LAST, r.group_id
