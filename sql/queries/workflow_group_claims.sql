-- Every claim of a group that is a member ('same'), in a stable order.
SELECT claim_id FROM group_members
WHERE group_id = $group_id AND relation = 'same'
ORDER BY claim_id
