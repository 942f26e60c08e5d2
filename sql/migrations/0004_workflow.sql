-- The analysts' work: an append-only audit log per claim, from which the current
-- status, assignment, notes and evidence are derived. Nothing here is ever updated or
-- deleted; undo is a new event. Plus the library of earlier fact-checks.

CREATE TABLE claim_events (
    event_id TEXT PRIMARY KEY,          -- uuid4 hex
    claim_id TEXT NOT NULL,
    event_at TIMESTAMPTZ NOT NULL,
    analyst TEXT NOT NULL,
    action TEXT NOT NULL,               -- verdict | note | evidence | assign | undo
    from_status TEXT,                   -- verdict/undo: status before
    to_status TEXT,                     -- verdict/undo: status after
    note TEXT,
    evidence_url TEXT,
    evidence_title TEXT,
    assigned_to TEXT,                   -- assign (and undo of an assign)
    undoes_event_id TEXT,               -- undo: the event it reverts
    batch_id TEXT,                      -- one id for the events of a --group operation
    factcheck_id TEXT                   -- verdict confirmed from a suggested fact-check
);
CREATE INDEX claim_events_claim ON claim_events (claim_id, event_at);

-- Earlier fact-checks (ours or other desks'), imported from ClaimReview, Google Fact
-- Check Tools JSON, CSV or JSONL. rating keeps the original text; status is the mapped key.
CREATE TABLE factchecks (
    factcheck_id TEXT PRIMARY KEY,
    claim TEXT NOT NULL,
    match_key TEXT NOT NULL,
    text_key TEXT NOT NULL,             -- shares text_vectors with claims
    rating TEXT,
    status TEXT NOT NULL,
    rating_rule TEXT NOT NULL,
    url TEXT,
    publisher TEXT,
    published DATE,
    language TEXT,
    title TEXT,
    claimant TEXT,
    origin TEXT NOT NULL,
    run_id TEXT NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX factchecks_text_key ON factchecks (text_key);

-- Suggested verdicts: a claim matched an earlier fact-check. An analyst confirms (a
-- verdict event with factcheck_id); nothing is set silently.
CREATE TABLE factcheck_suggestions (
    claim_id TEXT NOT NULL,
    factcheck_id TEXT NOT NULL,
    model_id TEXT NOT NULL,
    score DOUBLE NOT NULL,
    relation TEXT NOT NULL,
    reasons TEXT[] NOT NULL,
    suggested_status TEXT NOT NULL,
    run_id TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (claim_id, factcheck_id, model_id)
);
