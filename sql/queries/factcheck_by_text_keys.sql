-- Every fact-check whose folded claim text is one of $text_keys.
SELECT factcheck_id, text_key, claim, rating, status, url, publisher, published, language,
       title, claimant
FROM factchecks
WHERE list_contains($text_keys, text_key)
ORDER BY factcheck_id
