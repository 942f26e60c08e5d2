UPDATE pipeline_runs
SET finished_at = $now, status = $status, counts = $counts
WHERE run_id = $run_id
