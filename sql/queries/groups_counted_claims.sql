-- Embedded claims whose values say what a figure counts (candidates for value anchors,
-- claimtrack.api.anchor_neighbours), with the columns a claim's facts are read from.
SELECT c.claim_id, c.text_key, c.text, c.language, c.article_id, c.speaker_canonical,
       c.speaker, c.entities, c."values", c.negated
FROM claims c
SEMI JOIN text_vectors v ON v.text_key = c.text_key AND v.model_id = $model_id
WHERE NOT c.stale AND contains(CAST(c."values" AS VARCHAR), '"counts"')
ORDER BY c.claim_id
