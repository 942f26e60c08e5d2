-- Publication dates of the fact-checks that have one (date proximity in fact-check search).
SELECT factcheck_id, published FROM factchecks WHERE published IS NOT NULL
