-- Claims (with article metadata) whose text is one of $text_keys, after the filters.
SELECT c.claim_id, c.text_key, c.text, c.language, c.article_id, s.name AS source,
       a.published, c.claim_type, c.speaker, c.speaker_canonical, c.entities, c."values",
       c.negated, c.checkworthiness
FROM claims c
JOIN (SELECT DISTINCT unnest($text_keys) AS text_key) wanted USING (text_key)
JOIN articles a USING (article_id)
LEFT JOIN sources s ON s.source_id = a.source_id
WHERE NOT c.stale
  AND ($language IS NULL OR c.language = $language)
  AND ($source IS NULL OR s.name = $source)
  AND ($since IS NULL OR a.published >= $since)
