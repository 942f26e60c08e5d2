"""Pipeline stages: ingest, normalise, segment, extract, embed, match, cluster."""
