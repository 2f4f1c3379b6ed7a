-- Ad-hoc reporting periods ("đột xuất", issue 11) and "không thay đổi" entries in the audit trail.
--
-- A coordinator opens an ad-hoc period with its own due date and a short title; reports count from the day it opens
-- (`opened_on`, Việt Nam date) and are late after `due` (src/officials/periods.ts). Quarterly periods are calendar
-- quarters and have no row. Opening the same title with the same due date again finds the existing period, so a
-- redelivered message or a second click opens one period.
CREATE TABLE reporting_periods (
  id          bigserial PRIMARY KEY,
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  opened_on   date NOT NULL,
  due         date NOT NULL CHECK (due >= opened_on),
  opened_by   bigint REFERENCES officials (id),
  created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX reporting_periods_once ON reporting_periods (lower(title), due);

-- `unchanged`: an agency said "không thay đổi" for a task in a period: it reported, and the status it had stays.
-- `carries_id` names the status entry carried over (NULL when the agency had reported none on that task). Such a
-- row never holds a status of its own, so the latest status of a task is read from `status` rows as before.
ALTER TABLE status_updates DROP CONSTRAINT status_updates_kind_check;
ALTER TABLE status_updates ADD CONSTRAINT status_updates_kind_check CHECK (kind IN ('status', 'comment', 'withdrawal', 'unchanged'));
ALTER TABLE status_updates ADD COLUMN carries_id bigint REFERENCES status_updates (id);
ALTER TABLE status_updates ADD CONSTRAINT status_updates_carries_check CHECK (kind = 'unchanged' OR carries_id IS NULL);
