-- Documents of the fact-checks' lexical index, with a digest of every searched field: a
-- re-import that changes a title or body re-analyses that fact-check only.
SELECT factcheck_id AS key,
       md5(concat_ws(chr(31), claim, coalesce(title, ''), coalesce(summary, ''),
                     coalesce(body, ''), coalesce(language, ''))) AS version
FROM factchecks
