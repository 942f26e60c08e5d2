SELECT c.text_key AS key, any_value(c.text) AS text, any_value(c.language) AS language
FROM claims c
SEMI JOIN (SELECT unnest($doc_keys) AS key) k ON k.key = c.text_key
GROUP BY c.text_key
