-- Current membership only (the history of links stays in claim_links).
DELETE FROM group_members WHERE claim_id = $claim_id AND group_id = $group_id
