-- Module safe-places (« Où est Angela ? »): the partner venues of the network.

CREATE TABLE safe_places (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  kind text NOT NULL CHECK (kind IN (
    'bar', 'restaurant', 'shop', 'pharmacy', 'library', 'transit_agency', 'transit_station', 'transit_vehicle', 'other')),
  address text NOT NULL,
  geom geometry(Point, 4326) NOT NULL,
  opening_hours text NOT NULL,
  phone text,
  wheelchair text CHECK (wheelchair IN ('yes', 'limited', 'no')),
  languages text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'candidate' CHECK (status IN ('candidate', 'trained', 'active', 'suspended', 'withdrawn')),
  charter_signed_on date,
  sticker_displayed boolean NOT NULL DEFAULT false,
  staff_briefed boolean NOT NULL DEFAULT false,
  hours_confirmed_on date,
  closed_from date,
  closed_until date CHECK (closed_until IS NULL OR closed_from IS NULL OR closed_until >= closed_from),
  osm_id text,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX safe_places_tenant ON safe_places (tenant_id, status);
CREATE INDEX safe_places_geom ON safe_places USING gist (geom);
SELECT quietude_protect('safe_places');
-- The public network (active, charter signed) is readable by all: the public finder's in-memory
-- index loads it for every tenant at once. Everything else stays the tenant's.
CREATE POLICY public_listing ON safe_places FOR SELECT USING (status = 'active' AND charter_signed_on IS NOT NULL);

-- The life cycle of a place, with the reason of each change.
CREATE TABLE safe_place_status_changes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  place_id uuid NOT NULL REFERENCES safe_places (id),
  from_status text,
  to_status text NOT NULL,
  reason text NOT NULL,
  at timestamptz NOT NULL,
  actor text NOT NULL
);
CREATE INDEX safe_place_status_changes_place ON safe_place_status_changes (place_id, at);
SELECT quietude_protect('safe_place_status_changes');
