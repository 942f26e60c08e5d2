-- Sources, articles (one row per distinct text), where each text appeared, and the
-- pipeline runs that produced rows. Ids are content hashes computed by claimtrack.

CREATE TABLE sources (
    source_id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE pipeline_runs (
    run_id TEXT PRIMARY KEY,
    stage TEXT NOT NULL,              -- ingest | extract | embed | cluster | factcheck-import ...
    component TEXT NOT NULL,          -- what did the work: "claimtrack-ingest", extractor, model id
    component_version TEXT NOT NULL,
    params TEXT,                      -- JSON
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status TEXT NOT NULL,             -- running | ok | partial | failed
    counts TEXT                       -- JSON
);

CREATE TABLE articles (
    article_id TEXT PRIMARY KEY,      -- hash of the normalised text
    text TEXT NOT NULL,               -- as read (newlines unified); claim offsets point into it
    title TEXT,
    author TEXT,
    url TEXT,
    source_id TEXT,                   -- the first source seen with this text
    published DATE,
    language TEXT NOT NULL,
    language_method TEXT NOT NULL,    -- given | script | langid
    chars INTEGER NOT NULL,
    origin TEXT,                      -- file (and row) it was first read from
    run_id TEXT NOT NULL,
    ingested_at TIMESTAMPTZ NOT NULL
);

-- Every place a text was seen: the first one, and syndicated copies under other
-- sources or URLs, which are linked here instead of duplicating the article.
CREATE TABLE article_appearances (
    appearance_id TEXT PRIMARY KEY,   -- hash of (article_id, source, url)
    article_id TEXT NOT NULL,
    source_id TEXT,
    url TEXT,
    title TEXT,
    published DATE,
    origin TEXT,
    run_id TEXT NOT NULL,
    seen_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX article_appearances_article ON article_appearances (article_id);
