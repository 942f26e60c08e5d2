INSERT INTO sources (source_id, name, created_at)
VALUES ($source_id, $name, $now)
ON CONFLICT (source_id) DO NOTHING
