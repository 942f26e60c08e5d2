-- DuckLake (team mode) has no PRIMARY KEY/UNIQUE constraints. A transaction that writes
-- keyed rows (upserts, check-then-insert) first updates its table's row here, so two
-- such transactions on the same table conflict and one is retried, instead of both
-- inserting the same key. On a DuckDB file the real keys do this and the table is unused.
-- Append-only tables with random ids (claim_events, claim_links, pipeline_runs) need no row.
CREATE TABLE store_write_keys (
    table_name TEXT PRIMARY KEY,
    written_at TIMESTAMPTZ
);
INSERT INTO store_write_keys (table_name)
SELECT unnest(['sources', 'articles', 'claims', 'article_extractions', 'text_vectors',
               'claim_groups', 'group_members', 'clustered_claims', 'factchecks',
               'factcheck_suggestions']);
