-- Identity and governance: users, memberships with scopes, sessions, invitations,
-- password resets, API tokens, tenant settings, the audit chain, and the guard
-- that keeps every write to a tenant table inside an operation.

-- The user of the current transaction (set by the operation helper and sign-in).
CREATE FUNCTION quietude_user() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT NULLIF(current_setting('quietude.user_id', true), '')::uuid $$;

-- Writes to tenant tables happen only inside an operation, which checks the
-- permission first and appends the audit event in the same transaction.
CREATE FUNCTION quietude_guard() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF COALESCE(current_setting('quietude.operation', true), '') = '' THEN
    RAISE EXCEPTION 'write to % outside an operation', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN COALESCE(NEW, OLD);
END
$$;

CREATE OR REPLACE FUNCTION quietude_protect(target regclass) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (tenant_id = quietude_tenant()) WITH CHECK (tenant_id = quietude_tenant())',
    target);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO quietude_app', target);
  EXECUTE format(
    'CREATE TRIGGER operation_guard BEFORE INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION quietude_guard()',
    target);
END
$$;

-- The tables protected by the first migration get the guard too.
CREATE TRIGGER operation_guard BEFORE INSERT OR UPDATE OR DELETE ON tenant_organisations FOR EACH ROW EXECUTE FUNCTION quietude_guard();
CREATE TRIGGER operation_guard BEFORE INSERT OR UPDATE OR DELETE ON territories FOR EACH ROW EXECUTE FUNCTION quietude_guard();
CREATE TRIGGER operation_guard BEFORE INSERT OR UPDATE OR DELETE ON addresses FOR EACH ROW EXECUTE FUNCTION quietude_guard();

-- A tenant's admin may rename it and choose its programmes; nobody else's.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_read ON tenants FOR SELECT USING (true);
CREATE POLICY own_update ON tenants FOR UPDATE USING (id = quietude_tenant()) WITH CHECK (id = quietude_tenant());
GRANT UPDATE (name, programmes) ON tenants TO quietude_app;

-- Staff accounts are global: one person may hold roles in several tenants.
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
  display_name text NOT NULL,
  password_hash text,
  active boolean NOT NULL DEFAULT true,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);
GRANT SELECT, INSERT, UPDATE ON users TO quietude_app;

CREATE TABLE memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  user_id uuid NOT NULL REFERENCES users (id),
  role text NOT NULL,
  -- Optional scopes: a territory, an organisation, a working group (coordination).
  territory_id uuid REFERENCES territories (id),
  organisation_id uuid REFERENCES organisations (id),
  working_group_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX memberships_unique ON memberships (
  tenant_id, user_id, role,
  COALESCE(territory_id, '00000000-0000-0000-0000-000000000000'),
  COALESCE(organisation_id, '00000000-0000-0000-0000-000000000000'),
  COALESCE(working_group_id, '00000000-0000-0000-0000-000000000000'));
CREATE INDEX memberships_user ON memberships (user_id);
SELECT quietude_protect('memberships');
-- A signed-in user sees their own memberships in every tenant (to choose one).
CREATE POLICY own_memberships ON memberships FOR SELECT USING (user_id = quietude_user());

-- Server-side sessions, shared by every instance. The cookie holds a random
-- token; only its SHA-256 is stored.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO quietude_app;

CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  email text NOT NULL CHECK (email = lower(email)),
  role text NOT NULL,
  territory_id uuid REFERENCES territories (id),
  organisation_id uuid REFERENCES organisations (id),
  token_hash text NOT NULL UNIQUE,
  invited_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz
);
SELECT quietude_protect('invitations');

-- One-time links to set a password (first account, reset by an admin).
CREATE TABLE password_links (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
GRANT SELECT, INSERT, UPDATE ON password_links TO quietude_app;

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  permissions text[] NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
SELECT quietude_protect('api_tokens');

CREATE TABLE tenant_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  safe_place_scheme_name text,
  small_number_threshold integer NOT NULL DEFAULT 5 CHECK (small_number_threshold >= 5),
  retention_days jsonb NOT NULL DEFAULT '{}',
  dpo_contact text,
  coordinator_contact text,
  help_numbers jsonb NOT NULL DEFAULT '[]'
);
SELECT quietude_protect('tenant_settings');
-- Settings are public facts of the tenant (names, thresholds, contacts, help numbers): readable by
-- all, so that the public home reads them in the same query as the tenant; written by its admin only.
CREATE POLICY public_read ON tenant_settings FOR SELECT USING (true);

-- The audit chain: per tenant, each event carries the hash of the previous one.
-- Events name the fields that changed, never their values.
CREATE TABLE audit_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  fields text[] NOT NULL DEFAULT '{}',
  -- How many records an event concerns (purges, imports): counts, never contents.
  count integer,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_events USING (tenant_id = quietude_tenant()) WITH CHECK (tenant_id = quietude_tenant());
-- Appended, never changed: the application may not update or delete an event.
GRANT SELECT, INSERT ON audit_events TO quietude_app;
CREATE TRIGGER operation_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION quietude_guard();

-- Sign-in, lock-out and session events of staff accounts (no tenant yet at sign-in).
CREATE TABLE security_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  user_id uuid REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN ('login_succeeded', 'login_failed', 'account_locked', 'logout', 'password_set', 'sessions_ended'))
);
GRANT SELECT, INSERT ON security_events TO quietude_app;
