-- Module police, part « main courante »: the municipal police's intervention log (arrêté du 14 avril 2009 for its
-- retention: 3 years in the active base). Entries are numbered per year and tenant without gaps, name their agents
-- (police_agents), the people involved by role only, and are locked once a supervisor validates them: later changes
-- are amendments, kept. Old entries leave through an elimination list approved by the Archives départementales.

-- The NATINF offence codes (national reference, shared by every tenant): filled by `quietude import-natinf FILE`
-- from the official list. `source` = 'demo' marks the few illustrative rows the demo seed adds when the list is
-- empty; an official import replaces their labels.
CREATE TABLE natinf_codes (
  code integer PRIMARY KEY CHECK (code > 0),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 1000),
  -- Contravention class, délit or crime as the official list says it (free text: the list's own wording).
  qualification text NOT NULL DEFAULT '',
  source text NOT NULL CHECK (source IN ('official', 'demo')),
  updated_at timestamptz NOT NULL
);
GRANT SELECT, INSERT ON natinf_codes TO quietude_app;

-- The last number given per tenant and year: the row is locked by the insert that takes a number, so numbers
-- are gapless under concurrency (a rolled-back entry gives its number back).
CREATE TABLE main_courante_counters (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  last_number integer NOT NULL CHECK (last_number > 0),
  PRIMARY KEY (tenant_id, year)
);
SELECT quietude_protect('main_courante_counters');

-- The lists of entries proposed for destruction to the Archives départementales (bordereau d'élimination).
-- Destruction happens only once their approval (visa) is recorded; the list itself is kept as proof.
CREATE TABLE main_courante_elimination_lists (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  created_at timestamptz NOT NULL,
  -- Entries whose call is older than this are on the list.
  cutoff timestamptz NOT NULL,
  entry_count integer NOT NULL CHECK (entry_count >= 0),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'destroyed')),
  -- The archives' approval: its reference (visa), who recorded it and when; then the destruction.
  approval_reference text CHECK (length(approval_reference) BETWEEN 1 AND 200),
  approved_by text,
  approved_at timestamptz,
  destroyed_at timestamptz,
  CHECK ((status = 'pending') = (destroyed_at IS NULL))
);
SELECT quietude_protect('main_courante_elimination_lists');

CREATE TABLE main_courante_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  year integer NOT NULL,
  number integer NOT NULL CHECK (number > 0),
  -- Judicial police (offence findings, reports to the OPJ, PV) or administrative police missions.
  kind text NOT NULL CHECK (kind IN ('judicial', 'administrative')),
  -- A code of the project's starter list of natures (natures.ts), grouped like the national nomenclature.
  nature text NOT NULL CHECK (nature ~ '^[a-z0-9-]{1,60}$'),
  natinf_code integer REFERENCES natinf_codes (code),
  source text NOT NULL CHECK (source IN ('call', 'cctv', 'patrol', 'walk_in', 'report')),
  -- The resident's report this intervention answers (module reports); its state moves with the entry.
  report_id uuid REFERENCES reports (id) ON DELETE SET NULL,
  called_at timestamptz NOT NULL,
  arrived_at timestamptz,
  ended_at timestamptz,
  geom geometry(Point, 4326),
  address text CHECK (length(address) <= 300),
  territory_id uuid REFERENCES territories (id) ON DELETE SET NULL,
  vehicles text[] NOT NULL DEFAULT '{}',
  findings text NOT NULL DEFAULT '' CHECK (length(findings) <= 8000),
  -- Any of: pv, rapport, opj, prosecutor, referral.
  follow_up text[] NOT NULL DEFAULT '{}',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  validated_by text,
  validated_at timestamptz,
  elimination_list_id uuid REFERENCES main_courante_elimination_lists (id),
  UNIQUE (tenant_id, year, number),
  CHECK (arrived_at IS NULL OR arrived_at >= called_at),
  CHECK (ended_at IS NULL OR ended_at >= called_at),
  CHECK (ended_at IS NULL OR arrived_at IS NULL OR ended_at >= arrived_at),
  CHECK (kind = 'judicial' OR natinf_code IS NULL),
  CHECK (report_id IS NULL OR source = 'report'),
  CHECK ((validated_by IS NULL) = (validated_at IS NULL))
);
CREATE INDEX main_courante_entries_called ON main_courante_entries (tenant_id, called_at DESC);
CREATE INDEX main_courante_entries_nature ON main_courante_entries (tenant_id, nature, called_at DESC);
CREATE INDEX main_courante_entries_report ON main_courante_entries (report_id) WHERE report_id IS NOT NULL;
CREATE INDEX main_courante_entries_geom ON main_courante_entries USING gist (geom);
SELECT quietude_protect('main_courante_entries');

CREATE TABLE main_courante_entry_agents (
  entry_id uuid NOT NULL REFERENCES main_courante_entries (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  agent_id uuid NOT NULL REFERENCES police_agents (id),
  PRIMARY KEY (entry_id, agent_id)
);
CREATE INDEX main_courante_entry_agents_agent ON main_courante_entry_agents (agent_id);
SELECT quietude_protect('main_courante_entry_agents');

-- People involved, by role only, with the minimum of identity (art. 10 GDPR: offences data). Police roles only.
CREATE TABLE main_courante_people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  entry_id uuid NOT NULL REFERENCES main_courante_entries (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  role text NOT NULL CHECK (role IN ('caller', 'victim', 'suspect', 'witness')),
  family_name text CHECK (length(family_name) BETWEEN 1 AND 120),
  given_name text CHECK (length(given_name) BETWEEN 1 AND 120),
  birth_year integer CHECK (birth_year BETWEEN 1900 AND 2200),
  -- To call back a caller or a victim; never asked of a suspect.
  phone text CHECK (length(phone) <= 30),
  CHECK (role IN ('caller', 'victim') OR phone IS NULL)
);
CREATE INDEX main_courante_people_entry ON main_courante_people (entry_id);
SELECT quietude_protect('main_courante_people');

-- Changes made after validation: what changed (previous and new values), why, who and when. Kept with the entry.
CREATE TABLE main_courante_amendments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  entry_id uuid NOT NULL REFERENCES main_courante_entries (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  at timestamptz NOT NULL,
  actor text NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  fields text[] NOT NULL,
  previous jsonb NOT NULL,
  next jsonb NOT NULL
);
CREATE INDEX main_courante_amendments_entry ON main_courante_amendments (entry_id, at);
SELECT quietude_protect('main_courante_amendments');

-- What the elimination list says of each entry (number, date, kind, nature: no person, no findings): kept after
-- destruction as the proof of what was destroyed.
CREATE TABLE main_courante_elimination_items (
  list_id uuid NOT NULL REFERENCES main_courante_elimination_lists (id),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  entry_number text NOT NULL,
  called_at timestamptz NOT NULL,
  kind text NOT NULL,
  nature text NOT NULL,
  PRIMARY KEY (list_id, entry_number)
);
SELECT quietude_protect('main_courante_elimination_items');
