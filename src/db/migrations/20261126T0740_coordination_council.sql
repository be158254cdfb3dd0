-- Module coordination, council part: the CLSPD/CISPD (members, sessions, decisions), its territorial
-- strategy (STSPD: axes, action sheets, indicators, yearly reviews), tasks and funding files (FIPD…).

-- A member of the council: an organisation linked to the tenant, or a named person with a function.
CREATE TABLE coordination_council_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  organisation_id uuid REFERENCES organisations (id),
  person_name text CHECK (person_name IS NULL OR length(person_name) BETWEEN 2 AND 200),
  person_function text CHECK (person_function IS NULL OR length(person_function) BETWEEN 2 AND 200),
  council_role text NOT NULL CHECK (council_role IN ('president', 'prefect', 'prosecutor', 'member', 'guest')),
  -- The member's account on this platform, when there is one: restricted minutes open to attendees with one.
  user_id uuid REFERENCES users (id),
  from_on date NOT NULL,
  until_on date,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  CHECK (organisation_id IS NOT NULL OR person_name IS NOT NULL),
  CHECK (until_on IS NULL OR until_on >= from_on)
);
CREATE INDEX coordination_council_members_tenant ON coordination_council_members (tenant_id);
SELECT quietude_protect('coordination_council_members');

-- A session of the council: plenary (all members) or restricted (« formation restreinte »).
CREATE TABLE coordination_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  kind text NOT NULL CHECK (kind IN ('plenary', 'restricted')),
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  place text NOT NULL CHECK (length(place) BETWEEN 2 AND 200),
  agenda text[] NOT NULL DEFAULT '{}',
  minutes text CHECK (minutes IS NULL OR length(minutes) <= 50000),
  minutes_published boolean NOT NULL DEFAULT false,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX coordination_sessions_tenant ON coordination_sessions (tenant_id, starts_at);
SELECT quietude_protect('coordination_sessions');

CREATE TABLE coordination_session_attendance (
  session_id uuid NOT NULL REFERENCES coordination_sessions (id) ON DELETE CASCADE,
  member_id uuid NOT NULL REFERENCES coordination_council_members (id),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  presence text NOT NULL CHECK (presence IN ('present', 'excused', 'absent')),
  PRIMARY KEY (session_id, member_id)
);
SELECT quietude_protect('coordination_session_attendance');

-- The minutes as a PDF (a signed scan), kept apart so that lists never load it.
CREATE TABLE coordination_session_minutes_pdfs (
  session_id uuid PRIMARY KEY REFERENCES coordination_sessions (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  content bytea NOT NULL CHECK (octet_length(content) BETWEEN 5 AND 5242880),
  uploaded_at timestamptz NOT NULL
);
SELECT quietude_protect('coordination_session_minutes_pdfs');

-- The strategy (STSPD): three calendar years, signed by the mayor, the préfet and the prosecutor.
CREATE TABLE coordination_strategies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  first_year integer NOT NULL CHECK (first_year BETWEEN 2000 AND 2100),
  last_year integer NOT NULL,
  signed_on date,
  signatories text CHECK (signatories IS NULL OR length(signatories) <= 1000),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  CHECK (last_year = first_year + 2),
  UNIQUE (tenant_id, first_year)
);
SELECT quietude_protect('coordination_strategies');

CREATE TABLE coordination_axes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  strategy_id uuid NOT NULL REFERENCES coordination_strategies (id) ON DELETE CASCADE,
  number integer NOT NULL CHECK (number BETWEEN 1 AND 99),
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  UNIQUE (strategy_id, number)
);
SELECT quietude_protect('coordination_axes');

-- An action sheet (« fiche action ») of an axis.
CREATE TABLE coordination_action_sheets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  axis_id uuid NOT NULL REFERENCES coordination_axes (id) ON DELETE CASCADE,
  number integer NOT NULL CHECK (number BETWEEN 1 AND 99),
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  objective text NOT NULL CHECK (length(objective) BETWEEN 3 AND 4000),
  lead_organisation_id uuid NOT NULL REFERENCES organisations (id),
  public_concerned text NOT NULL DEFAULT '' CHECK (length(public_concerned) <= 1000),
  means text NOT NULL DEFAULT '' CHECK (length(means) <= 4000),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  state text NOT NULL CHECK (state IN ('draft', 'active', 'done', 'abandoned')),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (ends_on >= starts_on),
  UNIQUE (axis_id, number)
);
SELECT quietude_protect('coordination_action_sheets');

CREATE TABLE coordination_sheet_partners (
  sheet_id uuid NOT NULL REFERENCES coordination_action_sheets (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  PRIMARY KEY (sheet_id, organisation_id)
);
SELECT quietude_protect('coordination_sheet_partners');

CREATE TABLE coordination_sheet_territories (
  sheet_id uuid NOT NULL REFERENCES coordination_action_sheets (id) ON DELETE CASCADE,
  territory_id uuid NOT NULL REFERENCES territories (id),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  PRIMARY KEY (sheet_id, territory_id)
);
SELECT quietude_protect('coordination_sheet_territories');

-- The yearly review of a sheet (« bilan annuel »): what was done, and the state it leaves the action in.
CREATE TABLE coordination_sheet_reviews (
  sheet_id uuid NOT NULL REFERENCES coordination_action_sheets (id) ON DELETE CASCADE,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  text text NOT NULL CHECK (length(text) BETWEEN 3 AND 10000),
  state text NOT NULL CHECK (state IN ('draft', 'active', 'done', 'abandoned')),
  reviewed_at timestamptz NOT NULL,
  PRIMARY KEY (sheet_id, year)
);
SELECT quietude_protect('coordination_sheet_reviews');

-- An indicator: a figure another module offers (`reports.received`, option a category…) or typed by hand.
CREATE TABLE coordination_indicators (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  sheet_id uuid NOT NULL REFERENCES coordination_action_sheets (id) ON DELETE CASCADE,
  label text NOT NULL CHECK (length(label) BETWEEN 3 AND 200),
  source_id text NOT NULL CHECK (source_id = 'manual' OR source_id ~ '^[a-z-]+\.[a-z-]+$'),
  source_option text CHECK (source_option IS NULL OR length(source_option) BETWEEN 1 AND 120),
  target_value integer NOT NULL CHECK (target_value >= 0),
  target_year integer NOT NULL CHECK (target_year BETWEEN 2000 AND 2100),
  baseline_year integer CHECK (baseline_year IS NULL OR baseline_year BETWEEN 2000 AND 2100),
  direction text NOT NULL CHECK (direction IN ('up', 'down')),
  created_at timestamptz NOT NULL,
  CHECK (source_id <> 'manual' OR source_option IS NULL)
);
CREATE INDEX coordination_indicators_sheet ON coordination_indicators (tenant_id, sheet_id);
SELECT quietude_protect('coordination_indicators');

-- The yearly values of a « manual » indicator.
CREATE TABLE coordination_indicator_values (
  indicator_id uuid NOT NULL REFERENCES coordination_indicators (id) ON DELETE CASCADE,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  value integer NOT NULL CHECK (value >= 0),
  PRIMARY KEY (indicator_id, year)
);
SELECT quietude_protect('coordination_indicator_values');

-- A decision of a session, optionally about an action sheet.
CREATE TABLE coordination_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  session_id uuid NOT NULL REFERENCES coordination_sessions (id) ON DELETE CASCADE,
  text text NOT NULL CHECK (length(text) BETWEEN 3 AND 2000),
  action_sheet_id uuid REFERENCES coordination_action_sheets (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX coordination_decisions_session ON coordination_decisions (tenant_id, session_id);
SELECT quietude_protect('coordination_decisions');

-- A task: one owner (a staff member of the tenant), a due date, from a decision or an action sheet.
CREATE TABLE coordination_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 300),
  owner_user_id uuid NOT NULL REFERENCES users (id),
  due_on date NOT NULL,
  state text NOT NULL CHECK (state IN ('open', 'done', 'cancelled')),
  decision_id uuid REFERENCES coordination_decisions (id),
  action_sheet_id uuid REFERENCES coordination_action_sheets (id),
  -- The due date a reminder was sent for: a new due date gets a new reminder.
  reminded_for date,
  done_at timestamptz,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE INDEX coordination_tasks_owner ON coordination_tasks (tenant_id, owner_user_id, state);
SELECT quietude_protect('coordination_tasks');

-- A funding file: the FIPD (fonds interministériel de prévention de la délinquance) or another funder.
CREATE TABLE coordination_funding_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  funder text NOT NULL CHECK (funder IN ('fipd', 'other')),
  funder_name text NOT NULL CHECK (length(funder_name) BETWEEN 2 AND 200),
  action_sheet_id uuid NOT NULL REFERENCES coordination_action_sheets (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  asked_cents bigint NOT NULL CHECK (asked_cents >= 0),
  granted_cents bigint CHECK (granted_cents IS NULL OR granted_cents >= 0),
  spent_cents bigint NOT NULL DEFAULT 0 CHECK (spent_cents >= 0),
  state text NOT NULL CHECK (state IN ('preparing', 'submitted', 'granted', 'refused', 'closed')),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (granted_cents IS NULL OR spent_cents <= granted_cents)
);
SELECT quietude_protect('coordination_funding_files');

-- A report due to the funder (« compte rendu d'exécution »…), with its due and submitted dates.
CREATE TABLE coordination_funder_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  file_id uuid NOT NULL REFERENCES coordination_funding_files (id) ON DELETE CASCADE,
  label text NOT NULL CHECK (length(label) BETWEEN 3 AND 200),
  due_on date NOT NULL,
  submitted_on date,
  reminded_at timestamptz
);
CREATE INDEX coordination_funder_reports_file ON coordination_funder_reports (tenant_id, file_id);
SELECT quietude_protect('coordination_funder_reports');
