-- Documents of the claims' lexical index: one per distinct text. The key is a hash of the
-- folded text, so a text never changes under its key (version '').
SELECT DISTINCT text_key AS key, '' AS version FROM claims
