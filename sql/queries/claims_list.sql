SELECT
    claim_id, article_id, sentence_index, char_start, char_end, text,
    context_start, context_end, context,
    claim_type, secondary_types, speaker, speaker_canonical, quote_mode,
    entities, "values", checkworthiness, negated, language, extractor_version,
    stale, source, published,
    status, analyst, status_at, assigned_to,
    suggested_status, suggested_factcheck, suggested_score, group_id
FROM claim_overview
WHERE ($article_id IS NULL OR article_id = $article_id)
  AND ($claim_type IS NULL OR claim_type = $claim_type)
  AND ($language IS NULL OR language = $language)
  AND ($min_checkworthiness IS NULL OR checkworthiness >= $min_checkworthiness)
  AND ($include_stale OR NOT stale)
ORDER BY published DESC NULLS LAST, article_id, char_start
LIMIT $limit
