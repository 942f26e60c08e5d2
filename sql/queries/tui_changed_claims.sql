-- Claims with an audit event or a link event stamped at or after $since.
SELECT claim_id FROM claim_events WHERE event_at >= $since
UNION
SELECT claim_a FROM claim_links WHERE event_at >= $since
UNION
SELECT claim_b FROM claim_links WHERE event_at >= $since
