-- Module mediation (médiation sociale): the GIP's teams and the territories they cover, what its members
-- fund, the mediators' field log (rounds, encounters), situations followed over time with their parties
-- kept apart, the partner directory and referrals, and « mineur en danger » actions (no details).
-- Members are the tenant's organisations (tenant_organisations, role 'member'); sectors, quartiers, QPV and
-- landlord estates are platform territories (kinds 'sector', 'quartier', 'qpv', 'estate').
-- Field entries carry the id the device generated: `input_hash` is the SHA-256 of the entry as sent, so
-- that the same entry sent twice is recognised and a different one under the same id is refused.

CREATE TABLE mediation_teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);
SELECT quietude_protect('mediation_teams');

-- The sectors (territories) a team works in.
CREATE TABLE mediation_team_sectors (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  team_id uuid NOT NULL REFERENCES mediation_teams (id) ON DELETE CASCADE,
  territory_id uuid NOT NULL REFERENCES territories (id),
  PRIMARY KEY (team_id, territory_id)
);
SELECT quietude_protect('mediation_team_sectors');

-- The mediators of a team, and its managers.
CREATE TABLE mediation_team_members (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  team_id uuid NOT NULL REFERENCES mediation_teams (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id),
  role text NOT NULL CHECK (role IN ('mediator', 'manager')),
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX mediation_team_members_user ON mediation_team_members (user_id);
SELECT quietude_protect('mediation_team_members');

-- What a member organisation funds: a team, or a territory (a QPV, a landlord's estates), by year.
CREATE TABLE mediation_fundings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  team_id uuid REFERENCES mediation_teams (id) ON DELETE CASCADE,
  territory_id uuid REFERENCES territories (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  CHECK (team_id IS NOT NULL OR territory_id IS NOT NULL)
);
CREATE UNIQUE INDEX mediation_fundings_unique ON mediation_fundings (
  tenant_id, organisation_id, year,
  COALESCE(team_id, '00000000-0000-0000-0000-000000000000'),
  COALESCE(territory_id, '00000000-0000-0000-0000-000000000000'));
SELECT quietude_protect('mediation_fundings');

-- A round (tournée): a team in one of its sectors, one day, from start to end (absent while under way).
CREATE TABLE mediation_rounds (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  team_id uuid NOT NULL REFERENCES mediation_teams (id),
  sector_id uuid NOT NULL REFERENCES territories (id),
  round_date date NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz CHECK (ended_at > started_at),
  recorded_by uuid REFERENCES users (id),
  input_hash text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX mediation_rounds_team_date ON mediation_rounds (tenant_id, team_id, round_date);
SELECT quietude_protect('mediation_rounds');

-- An encounter, during a round or on appointment. No name, no health: counts, lists and a place.
CREATE TABLE mediation_encounters (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  team_id uuid NOT NULL REFERENCES mediation_teams (id),
  round_id uuid REFERENCES mediation_rounds (id),
  on_appointment boolean NOT NULL,
  occurred_at timestamptz NOT NULL,
  people_count integer NOT NULL CHECK (people_count BETWEEN 1 AND 500),
  themes text[] NOT NULL,
  activity text NOT NULL CHECK (activity IN ('presence', 'conflict', 'technical_watch', 'connection', 'concertation')),
  actions text[] NOT NULL,
  faire_avec boolean NOT NULL,
  geom geometry(Point, 4326),
  -- Derived from the place when the encounter is recorded (the QPV covering it).
  qpv_id uuid REFERENCES territories (id),
  recorded_by uuid REFERENCES users (id),
  input_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK (on_appointment OR round_id IS NOT NULL)
);
CREATE INDEX mediation_encounters_team_at ON mediation_encounters (tenant_id, team_id, occurred_at);
CREATE INDEX mediation_encounters_round ON mediation_encounters (round_id);
SELECT quietude_protect('mediation_encounters');

-- Optional age band and gender of each person met (never more rows than people met).
CREATE TABLE mediation_encounter_people (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  encounter_id uuid NOT NULL REFERENCES mediation_encounters (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 0),
  age_band text CHECK (age_band IN ('under_12', '12_17', '18_25', '26_59', '60_plus')),
  gender text CHECK (gender IN ('female', 'male', 'other')),
  PRIMARY KEY (encounter_id, position)
);
SELECT quietude_protect('mediation_encounter_people');

-- A situation followed over time. Its label never holds a name: names are in mediation_situation_parties.
CREATE TABLE mediation_situations (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  team_id uuid NOT NULL REFERENCES mediation_teams (id),
  kind text NOT NULL CHECK (kind IN ('neighbour_dispute', 'hall_occupation', 'group_tension', 'other')),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  sector_id uuid REFERENCES territories (id),
  opened_on date NOT NULL,
  outcome text NOT NULL DEFAULT 'ongoing' CHECK (outcome IN ('resolved', 'calmed', 'ongoing', 'failed', 'redirected')),
  outcome_on date,
  -- The last contact with the parties: the parties' names are erased after the tenant's delay from it.
  last_contact_on date NOT NULL,
  -- The report passed on by another tenant that opened it, if any.
  referral_id uuid REFERENCES report_referrals (id),
  input_hash text NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX mediation_situations_referral ON mediation_situations (tenant_id, referral_id) WHERE referral_id IS NOT NULL;
SELECT quietude_protect('mediation_situations');

CREATE TABLE mediation_situation_steps (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  situation_id uuid NOT NULL REFERENCES mediation_situations (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('first_contact', 'separate_interviews', 'joint_meeting', 'agreement', 'follow_up')),
  occurred_on date NOT NULL,
  recorded_by uuid REFERENCES users (id),
  input_hash text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX mediation_situation_steps_situation ON mediation_situation_steps (situation_id, occurred_on);
SELECT quietude_protect('mediation_situation_steps');

-- The parties' names and contacts (letters, appointments): seen by the situation's team and its managers
-- only, each view audited, erased by the retention rule 'mediation-parties'.
CREATE TABLE mediation_situation_parties (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  situation_id uuid NOT NULL REFERENCES mediation_situations (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  phone text CHECK (length(phone) <= 40),
  email text CHECK (length(email) <= 200),
  address text CHECK (length(address) <= 300),
  created_at timestamptz NOT NULL
);
CREATE INDEX mediation_situation_parties_situation ON mediation_situation_parties (situation_id);
SELECT quietude_protect('mediation_situation_parties');

-- The partner directory the tenant keeps.
CREATE TABLE mediation_partners (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('ccas', 'france_services', 'csapa_cjc', 'association', 'landlord', 'other')),
  commune text CHECK (length(commune) <= 100),
  phone text CHECK (length(phone) <= 40),
  email text CHECK (length(email) <= 200),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  UNIQUE (tenant_id, name)
);
SELECT quietude_protect('mediation_partners');

-- A referral to a partner (never a name: the encounter or situation it came from, if any).
CREATE TABLE mediation_referrals (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  team_id uuid NOT NULL REFERENCES mediation_teams (id),
  partner_id uuid NOT NULL REFERENCES mediation_partners (id),
  encounter_id uuid REFERENCES mediation_encounters (id),
  situation_id uuid REFERENCES mediation_situations (id) ON DELETE SET NULL,
  referred_on date NOT NULL,
  outcome text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('taken', 'pending', 'no_follow_up')),
  outcome_on date,
  recorded_by uuid REFERENCES users (id),
  input_hash text NOT NULL,
  created_at timestamptz NOT NULL
);
SELECT quietude_protect('mediation_referrals');

-- « Mineur en danger »: only that the path was taken (which one, when, by which team) — no details.
CREATE TABLE mediation_minor_actions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  team_id uuid NOT NULL REFERENCES mediation_teams (id),
  taken_on date NOT NULL,
  path text NOT NULL CHECK (path IN ('crip', '119', 'both')),
  recorded_by uuid REFERENCES users (id),
  input_hash text NOT NULL,
  created_at timestamptz NOT NULL
);
SELECT quietude_protect('mediation_minor_actions');
