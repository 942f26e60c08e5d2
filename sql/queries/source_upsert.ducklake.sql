-- DuckLake spelling of source_upsert.sql (no unique keys there): the caller holds
-- Session.lock_keys('sources').
MERGE INTO sources AS t
USING (SELECT $source_id AS source_id, $name AS name, $now AS created_at) AS s
ON t.source_id = s.source_id
WHEN NOT MATCHED THEN INSERT (source_id, name, created_at) VALUES (s.source_id, s.name, s.created_at)
