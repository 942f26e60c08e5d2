INSERT INTO pipeline_runs (run_id, stage, component, component_version, params, started_at, status,
                           pid, host)
VALUES ($run_id, $stage, $component, $component_version, $params, $now, 'running', $pid, $host)
