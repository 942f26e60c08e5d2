SELECT article_id FROM articles WHERE article_id = $article_id
