-- Fact-checks keep all the text they were imported with (issue 10): the summary
-- (ClaimReview description, CSV/JSONL summary), the review body (reviewBody, CSV/JSONL
-- body), the title's own vector key (so search also embeds the title), and the date as
-- written when it could not be read as a date (published is then NULL).
ALTER TABLE factchecks ADD COLUMN summary TEXT;
ALTER TABLE factchecks ADD COLUMN body TEXT;
ALTER TABLE factchecks ADD COLUMN title_key TEXT;
ALTER TABLE factchecks ADD COLUMN date_text TEXT;
CREATE INDEX factchecks_title_key ON factchecks (title_key);
