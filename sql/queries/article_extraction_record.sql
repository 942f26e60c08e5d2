INSERT INTO article_extractions (article_id, extractor_version, run_id, extracted_at, claims)
VALUES ($article_id, $extractor_version, $run_id, $now, $claim_count)
ON CONFLICT (article_id, extractor_version)
DO UPDATE SET run_id = excluded.run_id, extracted_at = excluded.extracted_at,
              claims = excluded.claims
