-- The complaint rate's policies in force (issue 8): those started by a period's last day less
-- those ended before its first, each counted per distinct day over an index.
CREATE INDEX policies_by_end ON policies (ends_on);
