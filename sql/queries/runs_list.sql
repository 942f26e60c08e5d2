SELECT run_id, stage, component, component_version, params, started_at, finished_at, status, counts
FROM pipeline_runs
ORDER BY started_at DESC
LIMIT $limit
