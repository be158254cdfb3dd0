-- Module night-stops (descente à la demande): the transport authority's GTFS feed, its rules, and the
-- operator's drop-off log.

-- A GTFS feed version. An import loads a new version ('loading', invisible) in short batches; one short
-- transaction then retires the active one and activates it. A failed import leaves 'failed' rows only.
CREATE TABLE gtfs_feeds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  status text NOT NULL CHECK (status IN ('loading', 'active', 'retired', 'failed')),
  source text NOT NULL,
  feed_info jsonb,
  -- [{ file, line, column, message }]: what was accepted with a warning (stops outside the territory…).
  warnings jsonb NOT NULL DEFAULT '[]',
  -- Rows read per file: { "stops.txt": 427, … }.
  counts jsonb NOT NULL DEFAULT '{}',
  has_stop_times boolean NOT NULL,
  imported_at timestamptz NOT NULL,
  activated_at timestamptz
);
CREATE UNIQUE INDEX gtfs_feeds_one_active ON gtfs_feeds (tenant_id) WHERE status = 'active';
SELECT quietude_protect('gtfs_feeds');

-- The files as they came (the export rewrites stop_times.txt from them and copies the others as they are).
CREATE TABLE gtfs_files (
  feed_id uuid NOT NULL REFERENCES gtfs_feeds (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL,
  content bytea NOT NULL,
  PRIMARY KEY (feed_id, name)
);
SELECT quietude_protect('gtfs_files');

CREATE TABLE gtfs_agencies (
  feed_id uuid NOT NULL REFERENCES gtfs_feeds (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  agency_id text NOT NULL,
  name text NOT NULL,
  url text NOT NULL,
  timezone text NOT NULL,
  phone text,
  PRIMARY KEY (feed_id, agency_id)
);
SELECT quietude_protect('gtfs_agencies');

CREATE TABLE gtfs_routes (
  feed_id uuid NOT NULL REFERENCES gtfs_feeds (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  route_id text NOT NULL,
  agency_id text,
  short_name text,
  long_name text,
  route_type integer NOT NULL,
  color text,
  text_color text,
  sort_order integer,
  PRIMARY KEY (feed_id, route_id)
);
SELECT quietude_protect('gtfs_routes');

CREATE TABLE gtfs_stops (
  feed_id uuid NOT NULL REFERENCES gtfs_feeds (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  stop_id text NOT NULL,
  code text,
  name text NOT NULL,
  lat double precision,
  lon double precision,
  location_type integer NOT NULL DEFAULT 0,
  parent_station text,
  PRIMARY KEY (feed_id, stop_id)
);
SELECT quietude_protect('gtfs_stops');

CREATE TABLE gtfs_trips (
  feed_id uuid NOT NULL REFERENCES gtfs_feeds (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  trip_id text NOT NULL,
  route_id text NOT NULL,
  service_id text NOT NULL,
  headsign text,
  direction_id integer,
  shape_id text,
  PRIMARY KEY (feed_id, trip_id)
);
CREATE INDEX gtfs_trips_route ON gtfs_trips (feed_id, route_id, direction_id);
SELECT quietude_protect('gtfs_trips');

-- Times are seconds after the service day's noon minus 12 h (GTFS): 25:10:00 is 90600. Null: a blank
-- intermediate time (valid GTFS, interpolated by consumers).
CREATE TABLE gtfs_stop_times (
  feed_id uuid NOT NULL REFERENCES gtfs_feeds (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  trip_id text NOT NULL,
  stop_sequence integer NOT NULL,
  stop_id text NOT NULL,
  arrival_s integer,
  departure_s integer,
  shape_dist_traveled double precision,
  PRIMARY KEY (feed_id, trip_id, stop_sequence)
);
SELECT quietude_protect('gtfs_stop_times');

CREATE TABLE gtfs_shape_points (
  feed_id uuid NOT NULL REFERENCES gtfs_feeds (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  shape_id text NOT NULL,
  sequence integer NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  dist_traveled double precision,
  PRIMARY KEY (feed_id, shape_id, sequence)
);
SELECT quietude_protect('gtfs_shape_points');

CREATE TABLE gtfs_calendar (
  feed_id uuid NOT NULL REFERENCES gtfs_feeds (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  service_id text NOT NULL,
  -- Monday first: {true,true,true,true,true,false,false}.
  days boolean[] NOT NULL CHECK (cardinality(days) = 7),
  start_date date NOT NULL,
  end_date date NOT NULL,
  PRIMARY KEY (feed_id, service_id)
);
SELECT quietude_protect('gtfs_calendar');

CREATE TABLE gtfs_calendar_dates (
  feed_id uuid NOT NULL REFERENCES gtfs_feeds (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  service_id text NOT NULL,
  date date NOT NULL,
  exception_type integer NOT NULL CHECK (exception_type IN (1, 2)),
  PRIMARY KEY (feed_id, service_id, date)
);
SELECT quietude_protect('gtfs_calendar_dates');
