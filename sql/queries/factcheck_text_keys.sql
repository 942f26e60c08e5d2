-- Which fact-checks each vector key (claim or title) belongs to: dense hits -> fact-checks.
SELECT factcheck_id, text_key, title_key FROM factchecks ORDER BY factcheck_id
