-- One row per claim for reports and exports: the claim, its article and source, its group,
-- and its review state derived from the append-only audit log (claim_events):
--   status/analyst/status_at: the latest verdict, or the latest undo of a verdict (whose
--     to_status is the status it restored); no such event means 'unreviewed'.
--   assigned_to: the latest assign event not undone (an empty name unassigns).
--   notes/evidence: the notes and evidence URLs of events not undone, oldest first (a
--     verdict can carry a note, e.g. `claimtrack verdict ID false --note ...`).
-- Stale claims (dropped by a newer extraction) are kept only when analysts worked on them
-- (claim events or link events).
-- Filters: $statuses is a comma-separated list of status keys (keys are [a-z0-9_], so a
-- comma cannot occur in one); dates filter on the article's publication date, inclusive.
WITH undone AS (
    SELECT DISTINCT undoes_event_id AS event_id
    FROM claim_events
    WHERE action = 'undo' AND undoes_event_id IS NOT NULL
),
effective AS (
    SELECT e.*
    FROM claim_events e
    ANTI JOIN undone u ON u.event_id = e.event_id
    WHERE e.action <> 'undo'
),
current_status AS (
    SELECT e.claim_id, e.to_status AS status, e.analyst, e.event_at AS status_at
    FROM claim_events e
    LEFT JOIN claim_events target ON target.event_id = e.undoes_event_id
    WHERE e.action = 'verdict' OR (e.action = 'undo' AND target.action = 'verdict')
    QUALIFY row_number() OVER (
        PARTITION BY e.claim_id ORDER BY e.event_at DESC, e.event_id DESC) = 1
),
current_assignment AS (
    SELECT claim_id, nullif(assigned_to, '') AS assigned_to
    FROM effective
    WHERE action = 'assign'
    QUALIFY row_number() OVER (PARTITION BY claim_id ORDER BY event_at DESC, event_id DESC) = 1
),
notes AS (
    SELECT claim_id, list(note ORDER BY event_at, event_id) AS notes
    FROM effective
    WHERE note IS NOT NULL
    GROUP BY claim_id
),
evidence AS (
    SELECT claim_id,
           list({'url': evidence_url, 'title': evidence_title} ORDER BY event_at, event_id)
               AS evidence
    FROM effective
    WHERE evidence_url IS NOT NULL
    GROUP BY claim_id
),
worked AS (
    SELECT claim_id FROM claim_events
    UNION
    SELECT claim_a FROM claim_links
    UNION
    SELECT claim_b FROM claim_links
),
selected AS (
    SELECT
        c.claim_id, c.text, c.language, c.claim_type, c.secondary_types, c.speaker,
        c.speaker_canonical, c.checkworthiness, c."values", c.entities,
        coalesce(s.status, 'unreviewed') AS status,
        s.analyst, s.status_at, ca.assigned_to,
        coalesce(n.notes, []::VARCHAR[]) AS notes,
        coalesce(ev.evidence, []::STRUCT(url VARCHAR, title VARCHAR)[]) AS evidence,
        c.article_id, a.title AS article_title, a.url AS article_url, src.name AS source,
        a.published, gm.group_id,
        CASE WHEN gm.relation = 'conflicting' THEN gm.reasons ELSE []::VARCHAR[] END
            AS conflicts,
        c.extracted_at,
        gm.relation AS group_relation, c.quote_mode, c.negated, c.stale, c.sentence_index,
        c.char_start, c.char_end
    FROM claims c
    JOIN articles a ON a.article_id = c.article_id
    LEFT JOIN sources src ON src.source_id = a.source_id
    LEFT JOIN current_status s ON s.claim_id = c.claim_id
    LEFT JOIN current_assignment ca ON ca.claim_id = c.claim_id
    LEFT JOIN notes n ON n.claim_id = c.claim_id
    LEFT JOIN evidence ev ON ev.claim_id = c.claim_id
    LEFT JOIN group_members gm ON gm.claim_id = c.claim_id
    WHERE (NOT c.stale OR c.claim_id IN (SELECT claim_id FROM worked))
      AND ($since IS NULL OR a.published >= $since)
      AND ($until IS NULL OR a.published <= $until)
      AND ($language IS NULL OR c.language = $language)
      AND ($source IS NULL
           OR lower(src.name) = lower($source)
           OR EXISTS (SELECT 1
                      FROM article_appearances p
                      JOIN sources ps ON ps.source_id = p.source_id
                      WHERE p.article_id = c.article_id AND lower(ps.name) = lower($source)))
)
SELECT *
FROM selected
WHERE $statuses IS NULL OR list_contains(string_split($statuses, ','), status)
ORDER BY published NULLS LAST, article_id, char_start, claim_id
