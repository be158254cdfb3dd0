-- Places riders know by name (a hospital, a campus, a hall), which the authority places once so that a rider
-- can ask « may I get off near it? » without typing an address or sharing a location.
CREATE TABLE night_stop_places (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  created_at timestamptz NOT NULL,
  UNIQUE (tenant_id, name)
);
-- Riders read them without signing in: the policy keeps each tenant's own.
SELECT quietude_protect('night_stop_places');
