INSERT INTO articles (article_id, text, title, author, url, source_id, published, language,
                      language_method, chars, origin, run_id, ingested_at)
VALUES ($article_id, $text, $title, $author, $url, $source_id, $published, $language,
        $language_method, $chars, $origin, $run_id, $now)
