-- Platform foundation: the application role, tenants, organisations,
-- territories, the address index and the job ledger.
-- Runs unchanged on PostgreSQL 15 + PostGIS 3.3 and on PGlite (PostgreSQL 18 + PostGIS 3.6).

-- The role every request works under: no BYPASSRLS, no ownership, so row-level
-- security applies to it. Roles are cluster-wide, hence the existence check.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'quietude_app') THEN
    CREATE ROLE quietude_app NOLOGIN NOBYPASSRLS;
  END IF;
END
$$;
GRANT quietude_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO quietude_app;

-- The tenant of the current transaction, set with set_config(..., true).
CREATE FUNCTION quietude_tenant() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT NULLIF(current_setting('quietude.tenant_id', true), '')::uuid $$;

-- Puts a tenant-owned table under row-level security: a row is visible and
-- writable only inside a transaction of its tenant, even for the table owner.
CREATE FUNCTION quietude_protect(target regclass) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (tenant_id = quietude_tenant()) WITH CHECK (tenant_id = quietude_tenant())',
    target);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO quietude_app', target);
END
$$;

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('commune', 'epci', 'gip', 'aom', 'departement')),
  insee_code text CHECK (insee_code ~ '^[0-9][0-9AB][0-9]{3}$'),
  siren text CHECK (siren ~ '^[0-9]{9}$'),
  population integer,
  time_zone text NOT NULL DEFAULT 'Europe/Paris',
  programmes text[] NOT NULL DEFAULT '{}',
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Tenants are public facts (name, codes, programmes): readable by everyone.
GRANT SELECT ON tenants TO quietude_app;

-- Organisations are global: one national police directorate or association
-- works with several tenants.
CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN (
    'commune', 'epci', 'departement', 'city_service', 'national_police', 'gendarmerie',
    'association', 'social_landlord', 'transit_operator', 'venue', 'school', 'other')),
  siren text CHECK (siren ~ '^[0-9]{9}$'),
  insee_code text,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organisations_siren ON organisations (siren) WHERE siren IS NOT NULL;
GRANT SELECT, INSERT, UPDATE ON organisations TO quietude_app;

CREATE TABLE tenant_organisations (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  role text NOT NULL CHECK (role IN ('member', 'partner', 'operator')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, organisation_id, role)
);
SELECT quietude_protect('tenant_organisations');

CREATE TABLE territories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  kind text NOT NULL CHECK (kind IN ('commune', 'arrondissement', 'quartier', 'qpv', 'sector', 'estate')),
  code text NOT NULL,
  name text NOT NULL,
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  is_demo boolean NOT NULL DEFAULT false,
  UNIQUE (tenant_id, kind, code)
);
CREATE INDEX territories_geom ON territories USING gist (geom);
SELECT quietude_protect('territories');

-- The local address index (BAN), so that a typed address never leaves the platform.
CREATE TABLE addresses (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  label text NOT NULL,
  postcode text NOT NULL,
  city text NOT NULL,
  insee_code text NOT NULL,
  search text NOT NULL,
  geom geometry(Point, 4326) NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
SELECT quietude_protect('addresses');

-- One row per job run and schedule slot: the primary key makes a slot run once
-- however many instances tick at the same time.
CREATE TABLE job_runs (
  job text NOT NULL,
  slot text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  outcome text CHECK (outcome IN ('done', 'failed')),
  summary text,
  PRIMARY KEY (job, slot)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON job_runs TO quietude_app;
