SELECT
    c.claim_id, c.article_id, c.sentence_index, c.char_start, c.char_end, c.text,
    c.claim_type, c.secondary_types, c.speaker, c.speaker_canonical, c.quote_mode,
    c.entities, c."values", c.checkworthiness, c.negated, c.language, c.extractor_version,
    c.stale, s.name AS source, a.published,
    -- Verification state, derived from the append-only claim_events (0005 views).
    coalesce(st.status, 'unreviewed') AS status, st.analyst, st.status_at,
    asg.assigned_to, sug.suggested_status, sug.suggested_factcheck, sug.suggested_score
FROM claims c
JOIN articles a USING (article_id)
LEFT JOIN sources s ON s.source_id = a.source_id
LEFT JOIN claim_status_current st ON st.claim_id = c.claim_id
LEFT JOIN claim_assignment_current asg ON asg.claim_id = c.claim_id
LEFT JOIN factcheck_suggestion_best sug ON sug.claim_id = c.claim_id
WHERE ($article_id IS NULL OR c.article_id = $article_id)
  AND ($claim_type IS NULL OR c.claim_type = $claim_type)
  AND ($language IS NULL OR c.language = $language)
  AND ($min_checkworthiness IS NULL OR c.checkworthiness >= $min_checkworthiness)
  AND ($include_stale OR NOT c.stale)
ORDER BY a.published DESC NULLS LAST, c.article_id, c.char_start
LIMIT $limit
