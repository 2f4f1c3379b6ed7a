-- The note of a status update as citizens may see it: phone numbers, ID numbers, emails and people's names
-- replaced with placeholders when the update is stored (src/text/personal-data.ts). `note` keeps the official's
-- original words for officials. Rows stored before this column have NULL and are redacted when read.
ALTER TABLE status_updates ADD COLUMN public_note text;
