-- How much the append-only logs hold: when this changes, another analyst (or command)
-- has written since the app last looked.
SELECT (SELECT count(*) FROM claim_events) AS events,
       (SELECT count(*) FROM claim_links) AS links
