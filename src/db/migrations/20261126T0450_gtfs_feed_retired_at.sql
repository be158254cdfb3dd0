-- When a feed version stopped being the active one: the retention rule deletes versions no longer in use
-- (retired, refused, or left 'loading' by an interrupted import) once they are older than the tenant's delay.
ALTER TABLE gtfs_feeds ADD COLUMN retired_at timestamptz;
UPDATE gtfs_feeds SET retired_at = imported_at WHERE status = 'retired';
