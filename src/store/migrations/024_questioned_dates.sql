-- A report that names a date after the day it is sent ("đã trình ngày 15/12" on 20/11) waits here until the
-- official corrects the date or says it is right: the date as written in the report.
ALTER TABLE pending_choices ADD COLUMN questioned_date text;
