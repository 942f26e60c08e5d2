-- The tables of the main schema (backup verification counts each one's rows).
SELECT table_name
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main'
ORDER BY table_name
