SELECT f.factcheck_id AS key, f.claim, f.title, f.summary, f.body, f.language
FROM factchecks f
SEMI JOIN (SELECT unnest($doc_keys) AS key) k ON k.key = f.factcheck_id
