-- The fact-checks with the given ids (search results), every text field included.
SELECT f.factcheck_id, f.text_key, f.claim, f.rating, f.status, f.url, f.publisher,
       f.published, f.date_text, f.language, f.title, f.claimant, f.summary, f.body
FROM factchecks f
SEMI JOIN (SELECT DISTINCT unnest($factcheck_ids) AS factcheck_id) w
    ON w.factcheck_id = f.factcheck_id
