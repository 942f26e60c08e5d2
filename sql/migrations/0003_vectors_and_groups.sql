-- Embeddings (source of truth for every vector index), claim groups, analysts' links.

-- One vector per distinct folded text and model: syndicated copies and repeated claims
-- share it. Vectors of different models are never compared (model_id is part of the key).
CREATE TABLE text_vectors (
    text_key TEXT NOT NULL,
    model_id TEXT NOT NULL,
    dimension INTEGER NOT NULL,
    vector FLOAT[] NOT NULL,           -- L2-normalised float32
    run_id TEXT NOT NULL,
    embedded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (text_key, model_id)
);

-- Groups of the same claim across articles and languages, made by `claimtrack cluster`.
CREATE TABLE claim_groups (
    group_id TEXT PRIMARY KEY,
    model_id TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    run_id TEXT NOT NULL
);

-- Current membership. relation: 'same' (member) or 'conflicting' (a variant linked to
-- the group as a conflict, not merged). method: 'auto' (cluster) or 'manual' (analyst).
CREATE TABLE group_members (
    claim_id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL,
    relation TEXT NOT NULL,
    method TEXT NOT NULL,
    score DOUBLE,
    reasons TEXT[] NOT NULL,
    added_at TIMESTAMPTZ NOT NULL,
    run_id TEXT
);
CREATE INDEX group_members_group ON group_members (group_id);

-- Claims a cluster run has already placed (or found no match for), per model: later
-- runs only look at new claims; new claims still find these as neighbours.
CREATE TABLE clustered_claims (
    claim_id TEXT NOT NULL,
    model_id TEXT NOT NULL,
    run_id TEXT NOT NULL,
    PRIMARY KEY (claim_id, model_id)
);

-- Analysts' links and unlinks between two claims: append-only events; the latest event
-- for a pair wins, and clustering never overrides it.
CREATE TABLE claim_links (
    event_id TEXT PRIMARY KEY,
    claim_a TEXT NOT NULL,             -- claim_a < claim_b (the pair is unordered)
    claim_b TEXT NOT NULL,
    action TEXT NOT NULL,              -- link | unlink
    relation TEXT,                     -- same | related | conflicting (for link)
    analyst TEXT NOT NULL,
    event_at TIMESTAMPTZ NOT NULL,
    note TEXT
);
CREATE INDEX claim_links_pair ON claim_links (claim_a, claim_b);
