-- Used by store.claims.upsert_claims through Session.upsert (ON CONFLICT or MERGE); kept here
-- so the column list is tested against the schema.
SELECT claim_id, article_id, sentence_index, char_start, char_end, text, match_key, text_key, claim_type,
       secondary_types, speaker, speaker_canonical, quote_mode, entities, "values",
       checkworthiness, negated, language, extra, extractor_version, run_id,
       first_extracted_at, extracted_at, stale, stale_since, context_start, context_end,
       checkable
FROM claims
LIMIT 0
