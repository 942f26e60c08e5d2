-- Stored vectors whose length is not their recorded dimension (problems), and vectors
-- no claim or fact-check text uses any more (harmless: a fact-check's text changed).
SELECT 'text_vectors ' || v.text_key || ' (' || v.model_id || ')' AS item,
       'has ' || len(v.vector) || ' values, dimension says ' || v.dimension AS detail,
       true AS problem
FROM text_vectors v
WHERE len(v.vector) <> v.dimension
UNION ALL
SELECT 'text_vectors ' || v.text_key || ' (' || v.model_id || ')',
       'no claim or fact-check has this text any more', false
FROM text_vectors v
WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.text_key = v.text_key)
  AND NOT EXISTS (SELECT 1 FROM factchecks f WHERE f.text_key = v.text_key)
ORDER BY item
