SELECT appearance_id FROM article_appearances WHERE appearance_id = $appearance_id
