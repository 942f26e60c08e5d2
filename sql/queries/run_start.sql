INSERT INTO pipeline_runs (run_id, stage, component, component_version, params, started_at, status)
VALUES ($run_id, $stage, $component, $component_version, $params, $now, 'running')
