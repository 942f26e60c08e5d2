-- Claims extracted from articles. claim_id is a hash of (article, span, text), so
-- re-extraction upserts. Claims a newer extraction no longer produces are kept and
-- flagged stale (analysts may have worked on them), never deleted.

CREATE TABLE claims (
    claim_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    sentence_index INTEGER NOT NULL,
    char_start INTEGER NOT NULL,       -- code points into articles.text
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,                -- == articles.text[char_start:char_end]
    match_key TEXT NOT NULL,           -- folded text (claimtrack.pipeline.normalize.match_key)
    text_key TEXT NOT NULL,            -- hash of match_key: identical claims embed once
    claim_type TEXT NOT NULL,
    secondary_types TEXT[] NOT NULL,
    speaker TEXT,
    speaker_canonical TEXT,
    quote_mode TEXT NOT NULL,          -- direct | indirect | none
    entities TEXT NOT NULL,            -- JSON list
    "values" TEXT NOT NULL,            -- JSON list of normalised values
    checkworthiness DOUBLE NOT NULL,
    negated BOOLEAN NOT NULL,
    language TEXT NOT NULL,
    extra TEXT NOT NULL,               -- JSON object (source chain ...)
    extractor_version TEXT NOT NULL,
    run_id TEXT NOT NULL,
    first_extracted_at TIMESTAMPTZ NOT NULL,
    extracted_at TIMESTAMPTZ NOT NULL,
    stale BOOLEAN NOT NULL DEFAULT false,
    stale_since TIMESTAMPTZ
);
CREATE INDEX claims_article ON claims (article_id);
CREATE INDEX claims_text_key ON claims (text_key);

-- Which extractor version last processed each article (also when it found no claims).
CREATE TABLE article_extractions (
    article_id TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    run_id TEXT NOT NULL,
    extracted_at TIMESTAMPTZ NOT NULL,
    claims INTEGER NOT NULL,
    PRIMARY KEY (article_id, extractor_version)
);
