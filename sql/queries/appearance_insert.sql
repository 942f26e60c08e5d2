INSERT INTO article_appearances (appearance_id, article_id, source_id, url, title, published,
                                 origin, run_id, seen_at)
VALUES ($appearance_id, $article_id, $source_id, $url, $title, $published, $origin, $run_id, $now)
