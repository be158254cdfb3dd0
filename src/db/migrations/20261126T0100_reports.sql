-- Module reports (signalements): categories with their routing, the reports, their photos and history.
-- A report is neither a complaint nor an emergency call. Anonymous by default: no IP address or user
-- agent is stored with it; the contact, when given, is seen by the handling organisation only.

CREATE TABLE report_categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{1,39}$'),
  name_fr text NOT NULL CHECK (length(name_fr) BETWEEN 2 AND 100),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 2 AND 100),
  description_fr text NOT NULL DEFAULT '',
  description_en text NOT NULL DEFAULT '',
  group_name text NOT NULL DEFAULT '',
  keywords text[] NOT NULL DEFAULT '{}',
  -- Private categories never appear in public lists, maps or Open311 reads (they may be posted to).
  visibility text NOT NULL CHECK (visibility IN ('public', 'private')),
  -- Open311 attributes: [{code, datatype, required, description, order, values: [{key, name}]}].
  attributes jsonb NOT NULL DEFAULT '[]',
  -- Victims of sexist, sexual or LGBTI-phobic acts are told where to file a complaint and who helps.
  victim_support boolean NOT NULL DEFAULT false,
  help_fr text NOT NULL DEFAULT '',
  help_en text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  sort integer NOT NULL DEFAULT 0,
  UNIQUE (tenant_id, code)
);
SELECT quietude_protect('report_categories');
-- Public categories are public facts (the form and Open311 list them); private ones stay the tenant's.
CREATE POLICY public_categories ON report_categories FOR SELECT USING (visibility = 'public' AND active);

-- Category × territory → organisation; the rule without territory is the category's default.
CREATE TABLE report_routing_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  category_id uuid NOT NULL REFERENCES report_categories (id),
  territory_id uuid REFERENCES territories (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id)
);
CREATE UNIQUE INDEX report_routing_rules_one ON report_routing_rules (category_id, COALESCE(territory_id, '00000000-0000-0000-0000-000000000000'));
SELECT quietude_protect('report_routing_rules');

CREATE TABLE reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  category_id uuid NOT NULL REFERENCES report_categories (id),
  -- SHA-256 of the follow-up token given to the reporter (the token itself is never stored).
  follow_token_hash text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'triaged', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected')),
  status_reason text,
  reporter_role text CHECK (reporter_role IN ('victim', 'witness')),
  description text NOT NULL CHECK (length(description) <= 4000),
  attributes jsonb NOT NULL DEFAULT '{}',
  geom geometry(Point, 4326) NOT NULL,
  address text,
  territory_id uuid REFERENCES territories (id),
  organisation_id uuid REFERENCES organisations (id),
  contact_name text,
  contact_email text,
  contact_phone text,
  notify_reporter boolean NOT NULL DEFAULT false,
  contact_erased_at timestamptz,
  source text NOT NULL CHECK (source IN ('web', 'open311', 'staff')),
  -- What the public may read of the description: only a version a moderator redacted and published.
  published_description text,
  moderation text NOT NULL DEFAULT 'pending' CHECK (moderation IN ('pending', 'published', 'hidden')),
  duplicate_of uuid REFERENCES reports (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  closed_at timestamptz
);
CREATE INDEX reports_tenant_created ON reports (tenant_id, created_at);
CREATE INDEX reports_organisation ON reports (organisation_id, status);
CREATE INDEX reports_geom ON reports USING gist (geom);
SELECT quietude_protect('reports');

-- Photos, re-encoded on the server (no EXIF, no GPS), kept with the report and deleted with it.
CREATE TABLE report_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  report_id uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  content bytea NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX report_photos_report ON report_photos (report_id);
SELECT quietude_protect('report_photos');

-- The report's history: state changes, notes (for the reporter or internal), assignments.
CREATE TABLE report_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  report_id uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('status', 'note', 'assign', 'article40', 'merge')),
  from_status text,
  to_status text,
  note text CHECK (length(note) <= 4000),
  -- A note for the reporter, shown on the follow-up page; internal otherwise.
  for_reporter boolean NOT NULL DEFAULT false
);
CREATE INDEX report_events_report ON report_events (report_id, at);
SELECT quietude_protect('report_events');

-- Abuse control shared by every instance: counts per short-lived keyed hash (of a client address, an
-- API token) and window. No address is stored; rows older than a day are deleted.
CREATE TABLE rate_limit_hits (
  key_hash text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (key_hash, window_start)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_hits TO quietude_app;
