-- Stored fact-checks among the given ids, with the fields an import may change.
SELECT factcheck_id, claim, rating, status, url, publisher, published, language, title, claimant,
       summary, body, date_text
FROM factchecks
WHERE list_contains($factcheck_ids, factcheck_id)
