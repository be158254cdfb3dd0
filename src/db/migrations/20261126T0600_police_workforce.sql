-- Module police, workforce part: categories and grades, units, dated movements (the headcount on any date
-- is computed from them, never typed), targets and the mandate, statutory files, trainings, budget lines,
-- agreements. Agents themselves (identity only) are in police_agents (20261126T0550).

-- The tenant's configurable list of cadres d'emplois and grades (seeded from the issue's list on first use).
CREATE TABLE police_grades (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  code text NOT NULL CHECK (code ~ '^[a-z0-9_]{1,40}$'),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 120),
  -- The cadre d'emplois: FCO every 5 years for 'agents', every 3 years for chefs de service and directeurs.
  cadre text NOT NULL CHECK (cadre IN ('agents', 'chefs_de_service', 'directeurs', 'other')),
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, code)
);
SELECT quietude_protect('police_grades');

CREATE TABLE police_units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  UNIQUE (tenant_id, name)
);
SELECT quietude_protect('police_units');

-- One dated movement of an agent. Arrivals and changes carry the agent's whole situation from that date
-- (category, grade, unit, working time, status); a departure ends it. The situation on a date is the
-- latest movement on or before it.
CREATE TABLE police_movements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  agent_id uuid NOT NULL REFERENCES police_agents (id),
  kind text NOT NULL CHECK (kind IN ('arrival', 'change', 'departure')),
  -- The first day of the new situation (for a departure: the first day out of the workforce).
  effective_on date NOT NULL,
  category text CHECK (category IN ('apm', 'asvp', 'garde_champetre', 'cctv_operator', 'fia_trainee', 'lent_by_epci', 'lent_to_epci')),
  grade_code text,
  unit_id uuid REFERENCES police_units (id),
  -- Working time in percent of full time (100 = 1 FTE).
  fte_percent integer CHECK (fte_percent BETWEEN 1 AND 100),
  status text CHECK (status IN ('active', 'long_leave', 'suspended')),
  note text CHECK (length(note) <= 500),
  recorded_at timestamptz NOT NULL,
  CHECK ((kind = 'departure') = (category IS NULL)),
  CHECK ((kind = 'departure') = (fte_percent IS NULL)),
  CHECK ((kind = 'departure') = (status IS NULL)),
  UNIQUE (agent_id, effective_on)
);
CREATE INDEX police_movements_tenant_date ON police_movements (tenant_id, effective_on);
SELECT quietude_protect('police_movements');

-- The mandate: its starting date (the headcount on that date is computed from movements).
CREATE TABLE police_mandates (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  starts_on date NOT NULL,
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 120)
);
SELECT quietude_protect('police_mandates');

-- A headcount target: e.g. 365 APM on 2026-12-31.
CREATE TABLE police_targets (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  category text NOT NULL CHECK (category IN ('apm', 'asvp', 'garde_champetre', 'cctv_operator', 'fia_trainee', 'lent_by_epci', 'lent_to_epci')),
  target_on date NOT NULL,
  heads integer NOT NULL CHECK (heads BETWEEN 0 AND 100000),
  PRIMARY KEY (tenant_id, category, target_on)
);
SELECT quietude_protect('police_targets');

-- The statutory file: what was done (approvals, swearing-in, trainings, weapons, body camera) and until when.
CREATE TABLE police_statutory_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  agent_id uuid NOT NULL REFERENCES police_agents (id),
  kind text NOT NULL CHECK (kind IN ('approval_prefet', 'approval_procureur', 'swearing_in', 'initial_training', 'fco',
    'weapon_authorisation', 'weapon_initial_training', 'weapon_practice', 'body_camera')),
  weapon text CHECK (weapon IN ('firearm', 'electric_pulse', 'lbd', 'baton', 'tear_gas')),
  done_on date NOT NULL,
  -- Set when the act itself ends (a carry authorisation's end); otherwise computed from the rules.
  valid_until date,
  -- FCO: days of training this item counts.
  days integer CHECK (days BETWEEN 1 AND 60),
  recorded_at timestamptz NOT NULL,
  CHECK ((kind LIKE 'weapon_%') = (weapon IS NOT NULL)),
  CHECK ((kind = 'fco') = (days IS NOT NULL)),
  CHECK (valid_until IS NULL OR valid_until >= done_on)
);
CREATE INDEX police_statutory_items_agent ON police_statutory_items (agent_id);
SELECT quietude_protect('police_statutory_items');

CREATE TABLE police_training_modules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  provider text NOT NULL CHECK (length(provider) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('statutory', 'specific')),
  -- Months before the training must be renewed; null: once is enough.
  validity_months integer CHECK (validity_months BETWEEN 1 AND 240),
  -- The categories that must follow it.
  required_for text[] NOT NULL DEFAULT '{apm}',
  UNIQUE (tenant_id, title)
);
SELECT quietude_protect('police_training_modules');

CREATE TABLE police_training_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  module_id uuid NOT NULL REFERENCES police_training_modules (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  place text NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
  trainer text NOT NULL CHECK (length(trainer) BETWEEN 1 AND 200),
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 500),
  CHECK (ends_at > starts_at)
);
CREATE INDEX police_training_sessions_module ON police_training_sessions (module_id, starts_at);
SELECT quietude_protect('police_training_sessions');

CREATE TABLE police_training_attendance (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  session_id uuid NOT NULL REFERENCES police_training_sessions (id),
  agent_id uuid NOT NULL REFERENCES police_agents (id),
  status text NOT NULL CHECK (status IN ('enrolled', 'attended', 'absent')),
  PRIMARY KEY (session_id, agent_id)
);
CREATE INDEX police_training_attendance_agent ON police_training_attendance (agent_id);
SELECT quietude_protect('police_training_attendance');

CREATE TABLE police_budget_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  kind text NOT NULL CHECK (kind IN ('equipment', 'pay', 'training')),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  planned_cents bigint NOT NULL CHECK (planned_cents >= 0),
  spent_cents bigint NOT NULL CHECK (spent_cents >= 0)
);
SELECT quietude_protect('police_budget_lines');

CREATE TABLE police_agreements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  -- 'state_coordination': the convention de coordination with the State's police and gendarmerie.
  kind text NOT NULL CHECK (kind IN ('state_coordination', 'landlord', 'school', 'association', 'transit', 'other')),
  parties text NOT NULL CHECK (length(parties) BETWEEN 1 AND 500),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
  signed_on date NOT NULL,
  expires_on date NOT NULL CHECK (expires_on > signed_on),
  pdf bytea,
  pdf_name text,
  -- The expiry date a renewal alert was sent for (a renewed agreement gets a new date, hence a new alert).
  alerted_for date,
  recorded_at timestamptz NOT NULL
);
SELECT quietude_protect('police_agreements');
