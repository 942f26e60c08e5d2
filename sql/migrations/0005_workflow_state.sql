-- Derived views over the append-only workflow tables (0004): nothing here stores data.
-- The current state of a claim is always computed from claim_events; no view is ever
-- written to, so re-extraction, re-clustering and later migrations cannot lose work.

-- Events an undo has reverted. Undo events themselves are never undone.
CREATE VIEW claim_events_undone AS
SELECT DISTINCT undoes_event_id AS event_id
FROM claim_events
WHERE action = 'undo' AND undoes_event_id IS NOT NULL;

-- Events still in force: every non-undo event that no undo event points at.
CREATE VIEW claim_events_effective AS
SELECT e.*
FROM claim_events e
ANTI JOIN claim_events_undone u ON u.event_id = e.event_id
WHERE e.action <> 'undo';

-- The current status of each claim that has one: the latest verdict, or the latest undo
-- of a verdict (whose to_status is the status it restored). Claims with no row here are
-- unreviewed.
CREATE VIEW claim_status_current AS
SELECT claim_id, to_status AS status, analyst, event_at AS status_at, factcheck_id
FROM (
    SELECT e.claim_id, e.to_status, e.analyst, e.event_at, e.factcheck_id,
           row_number() OVER (PARTITION BY e.claim_id ORDER BY e.event_at DESC, e.event_id DESC) AS rn
    FROM claim_events e
    LEFT JOIN claim_events target ON target.event_id = e.undoes_event_id
    WHERE e.action = 'verdict' OR (e.action = 'undo' AND target.action = 'verdict')
)
WHERE rn = 1;

-- The current assignee: the latest assign event not undone (an empty name unassigns).
CREATE VIEW claim_assignment_current AS
SELECT claim_id, nullif(assigned_to, '') AS assigned_to, analyst AS assigned_by,
       event_at AS assigned_at
FROM (
    SELECT claim_id, assigned_to, analyst, event_at,
           row_number() OVER (PARTITION BY claim_id ORDER BY event_at DESC, event_id DESC) AS rn
    FROM claim_events_effective
    WHERE action = 'assign'
)
WHERE rn = 1;

-- The best suggested verdict of each claim (highest score over models and fact-checks).
CREATE VIEW factcheck_suggestion_best AS
SELECT claim_id, factcheck_id AS suggested_factcheck, suggested_status,
       score AS suggested_score, relation AS suggested_relation, model_id AS suggested_model
FROM (
    SELECT *, row_number() OVER (PARTITION BY claim_id
                                 ORDER BY score DESC, factcheck_id) AS rn
    FROM factcheck_suggestions
)
WHERE rn = 1;
