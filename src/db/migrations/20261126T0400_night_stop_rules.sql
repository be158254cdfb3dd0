-- Module night-stops: the transport authority's rules (code des transports R3111-1) and the operator's log.

CREATE TABLE night_stop_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  min_distance_m integer NOT NULL DEFAULT 50 CHECK (min_distance_m BETWEEN 0 AND 500),
  instructions_fr text NOT NULL,
  instructions_en text NOT NULL,
  updated_at timestamptz NOT NULL
);
SELECT quietude_protect('night_stop_settings');

-- A section of a line and direction, between two named stops (in the trip's order), where riders may ask
-- to get off between stops, on the given service days and hours. Hours are seconds after the service
-- day's midnight and may pass 24:00 (01:30 the next morning is 91800).
CREATE TABLE night_stop_sections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  route_id text NOT NULL,
  direction_id integer NOT NULL CHECK (direction_id IN (0, 1)),
  from_stop_id text NOT NULL,
  to_stop_id text NOT NULL,
  days boolean[] NOT NULL CHECK (cardinality(days) = 7),
  start_s integer NOT NULL CHECK (start_s BETWEEN 0 AND 172800),
  end_s integer NOT NULL CHECK (end_s > start_s AND end_s <= 172800),
  created_at timestamptz NOT NULL
);
CREATE INDEX night_stop_sections_route ON night_stop_sections (tenant_id, route_id, direction_id);
SELECT quietude_protect('night_stop_sections');

-- Where a driver must never stop, whatever the section says.
CREATE TABLE night_stop_forbidden_zones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  reason text NOT NULL CHECK (reason IN ('roundabout', 'tram_tracks', 'bend_exit', 'no_lighting', 'no_pavement', 'parking_bays', 'other')),
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  created_at timestamptz NOT NULL
);
SELECT quietude_protect('night_stop_forbidden_zones');

-- What the operator records after service, by line, service date and hour band: counts only, never a
-- driver (per-driver figures would be employee monitoring).
CREATE TABLE night_stop_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  route_id text NOT NULL,
  service_date date NOT NULL,
  -- The hour the band starts, in the service day (22 = 22:00–23:00, 25 = 01:00–02:00 the next morning).
  hour_band integer NOT NULL CHECK (hour_band BETWEEN 0 AND 47),
  requests integer NOT NULL CHECK (requests >= 0),
  granted integer NOT NULL CHECK (granted >= 0),
  moved integer NOT NULL CHECK (moved >= 0),
  -- { "no_lighting": 2, … }: refusals by reason.
  refused jsonb NOT NULL DEFAULT '{}',
  recorded_at timestamptz NOT NULL,
  UNIQUE (tenant_id, route_id, service_date, hour_band)
);
SELECT quietude_protect('night_stop_log');
