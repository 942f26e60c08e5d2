-- Mark a run that will never finish as failed (only while it is still 'running').
UPDATE pipeline_runs
SET finished_at = $now, status = 'failed', counts = $counts
WHERE run_id = $run_id AND status = 'running'
