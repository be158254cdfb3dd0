-- Module prevention, sessions part: programmes with their yearly goals, partner associations (with
-- their Éducation nationale « agrément »), schools from the Annuaire de l'éducation, and sessions.

-- A prevention programme (« Zone de liberté LGBTI+ — interventions en milieu scolaire »…).
CREATE TABLE prevention_programmes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  title text NOT NULL CHECK (length(title) BETWEEN 5 AND 200),
  summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  UNIQUE (tenant_id, title)
);
SELECT quietude_protect('prevention_programmes');

-- What a programme aims to reach in one school year ("2026-2027": 1 September to 31 August).
CREATE TABLE prevention_programme_goals (
  programme_id uuid NOT NULL REFERENCES prevention_programmes (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  school_year text NOT NULL CHECK (school_year ~ '^\d{4}-\d{4}$'),
  classes integer CHECK (classes BETWEEN 0 AND 100000),
  young_people integer CHECK (young_people BETWEEN 0 AND 10000000),
  CHECK (classes IS NOT NULL OR young_people IS NOT NULL),
  PRIMARY KEY (programme_id, school_year)
);
SELECT quietude_protect('prevention_programme_goals');

-- A partner association; its Éducation nationale approval (« agrément ») is recorded with its date.
CREATE TABLE prevention_associations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  agrement_reference text CHECK (agrement_reference IS NULL OR length(agrement_reference) BETWEEN 1 AND 120),
  agrement_on date,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  CHECK (agrement_reference IS NULL OR agrement_on IS NOT NULL),
  UNIQUE (tenant_id, name)
);
SELECT quietude_protect('prevention_associations');

CREATE TABLE prevention_programme_associations (
  programme_id uuid NOT NULL REFERENCES prevention_programmes (id) ON DELETE CASCADE,
  association_id uuid NOT NULL REFERENCES prevention_associations (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  PRIMARY KEY (programme_id, association_id)
);
SELECT quietude_protect('prevention_programme_associations');

-- A school as listed in the Annuaire de l'éducation, identified by its UAI code.
CREATE TABLE prevention_schools (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  uai text NOT NULL CHECK (uai ~ '^\d{7}[A-Z]$'),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  -- école: run with the commune; collège: the département; lycée: the région.
  kind text NOT NULL CHECK (kind IN ('ecole', 'college', 'lycee')),
  sector text NOT NULL CHECK (sector IN ('public', 'private')),
  commune_code text CHECK (commune_code IS NULL OR commune_code ~ '^[0-9][0-9AB][0-9]{3}$'),
  geom geometry(Point, 4326),
  is_demo boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL,
  UNIQUE (tenant_id, uai)
);
SELECT quietude_protect('prevention_schools');

-- A session: where (a school, or a youth centre or public space by name), when, for whom, by whom.
CREATE TABLE prevention_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  programme_id uuid NOT NULL REFERENCES prevention_programmes (id),
  starts_at timestamptz NOT NULL,
  place_kind text NOT NULL CHECK (place_kind IN ('school', 'youth_centre', 'public_space')),
  school_id uuid REFERENCES prevention_schools (id),
  place_name text CHECK (place_name IS NULL OR length(place_name) BETWEEN 2 AND 200),
  -- A collège or lycée session needs the head's agreement (checked by the operation, which knows the kind).
  head_agreement_on date,
  audience_level text NOT NULL CHECK (length(audience_level) BETWEEN 1 AND 80),
  classes integer NOT NULL DEFAULT 0 CHECK (classes BETWEEN 0 AND 1000),
  reached integer NOT NULL CHECK (reached BETWEEN 0 AND 100000),
  association_id uuid REFERENCES prevention_associations (id),
  other_facilitators text CHECK (other_facilitators IS NULL OR length(other_facilitators) BETWEEN 2 AND 300),
  theme text NOT NULL CHECK (length(theme) BETWEEN 2 AND 200),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  CHECK ((place_kind = 'school') = (school_id IS NOT NULL)),
  CHECK (place_kind = 'school' OR place_name IS NOT NULL),
  CHECK (association_id IS NOT NULL OR other_facilitators IS NOT NULL)
);
CREATE INDEX prevention_sessions_programme ON prevention_sessions (tenant_id, programme_id, starts_at);
SELECT quietude_protect('prevention_sessions');
