SELECT m.claim_id, m.group_id, m.relation, m.method, c.text_key
FROM group_members m
JOIN claims c USING (claim_id)
