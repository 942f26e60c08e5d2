-- Recovery and undo (issue 12). Columns only; every existing row keeps its meaning.

-- Which process runs a pipeline run: a run left 'running' by a process that no longer
-- exists (kill -9, power cut) is marked 'failed' when the next run starts.
ALTER TABLE pipeline_runs ADD COLUMN pid INTEGER;
ALTER TABLE pipeline_runs ADD COLUMN host TEXT;

-- Undoing an analyst's link or unlink (from either of its claims) appends a claim_links
-- row that restores the pair's state before the undone event -- action 'link' with its
-- relation, 'unlink', or 'clear' (no decision) -- and names the event it undoes. The
-- latest row per pair still decides; rows are still only ever appended.
ALTER TABLE claim_links ADD COLUMN undoes_event_id TEXT;
