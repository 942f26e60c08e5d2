-- Runs not finished (yet): each is either in progress or was interrupted.
SELECT run_id, stage, started_at, pid, host
FROM pipeline_runs
WHERE status = 'running'
ORDER BY started_at
