-- Coordination, working groups (issue 10): restricted groups of the CLSPD, their members, meetings, tasks,
-- places of concern and the actions taken there. Runs unchanged on PostgreSQL 15 + PostGIS 3.3 and PGlite.
--
-- What is shared in a group is visible to its current members only, and the database enforces it: besides the
-- tenant policy of quietude_protect(), every content table carries a RESTRICTIVE policy (AND-ed with the tenant
-- one) that lets a row through only when the transaction's user (quietude.user_id, set by withTenant and the
-- operation helper) is a current member of the row's group. A query that forgets to check membership returns
-- nothing instead of leaking. Work run by the system (demo seed, purges: no user) passes only when it says so with
-- the transaction-local setting quietude.group_system (src/modules/coordination/groups/group-access.ts).

-- A group: its name and members are known to the coordinators who administer groups; the rest (purpose,
-- categories, the police flag) is read by members only, through group-access.ts.
CREATE TABLE coordination_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  kind text NOT NULL CHECK (kind IN ('thematic', 'territorial')),
  territory_id uuid REFERENCES territories (id),
  purpose text NOT NULL DEFAULT '',
  -- The report categories whose reports around the group's places feed its map.
  report_category_ids uuid[] NOT NULL DEFAULT '{}',
  -- Set by a police manager of the group (police.validate): municipal police counts appear on the map.
  shares_police_data boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  closed_at timestamptz,
  is_demo boolean NOT NULL DEFAULT false,
  UNIQUE (tenant_id, name)
);
SELECT quietude_protect('coordination_groups');

-- Membership over time: a removed member keeps a row with `until`, and loses access at once (until IS NOT NULL).
CREATE TABLE coordination_group_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  group_id uuid NOT NULL REFERENCES coordination_groups (id),
  user_id uuid NOT NULL REFERENCES users (id),
  since timestamptz NOT NULL,
  until timestamptz CHECK (until IS NULL OR until >= since),
  added_by text NOT NULL
);
CREATE UNIQUE INDEX coordination_group_members_current ON coordination_group_members (group_id, user_id) WHERE until IS NULL;
CREATE INDEX coordination_group_members_user ON coordination_group_members (user_id) WHERE until IS NULL;
SELECT quietude_protect('coordination_group_members');

-- Whether the transaction may read or write the content of group `target`.
CREATE FUNCTION quietude_group_reader(target uuid) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
    SELECT CASE
      WHEN quietude_user() IS NULL THEN COALESCE(current_setting('quietude.group_system', true), '') = 'on'
      ELSE EXISTS (
        SELECT 1 FROM coordination_group_members m
        WHERE m.group_id = target AND m.user_id = quietude_user() AND m.until IS NULL)
    END
  $$;

CREATE TABLE coordination_group_meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  group_id uuid NOT NULL REFERENCES coordination_groups (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  place text NOT NULL DEFAULT '',
  agenda text NOT NULL DEFAULT '',
  minutes text NOT NULL DEFAULT '',
  -- Members present (user ids), and others present by organisation, as text.
  attendee_ids uuid[] NOT NULL DEFAULT '{}',
  other_attendees text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX coordination_group_meetings_group ON coordination_group_meetings (group_id, starts_at);
SELECT quietude_protect('coordination_group_meetings');

-- A place of concern: a point and a small radius, typed by a member or taken from a report or a police entry
-- (ids kept without foreign keys: those records follow their own purge rules, the place stays).
CREATE TABLE coordination_group_places (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  group_id uuid NOT NULL REFERENCES coordination_groups (id),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  geom geometry(Point, 4326) NOT NULL,
  radius_m integer NOT NULL DEFAULT 100 CHECK (radius_m BETWEEN 20 AND 500),
  origin text NOT NULL CHECK (origin IN ('member', 'report', 'police')),
  report_id uuid,
  police_entry_id uuid,
  opened_on date NOT NULL,
  closed_on date CHECK (closed_on IS NULL OR closed_on >= opened_on),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK ((origin = 'report') = (report_id IS NOT NULL)),
  CHECK ((origin = 'police') = (police_entry_id IS NOT NULL))
);
CREATE INDEX coordination_group_places_group ON coordination_group_places (group_id);
SELECT quietude_protect('coordination_group_places');

CREATE TABLE coordination_group_place_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  group_id uuid NOT NULL REFERENCES coordination_groups (id),
  place_id uuid NOT NULL REFERENCES coordination_group_places (id),
  kind text NOT NULL CHECK (kind IN ('presence', 'cleaning', 'lighting_repair', 'event', 'other')),
  done_on date NOT NULL,
  description text NOT NULL DEFAULT '',
  organisation text NOT NULL CHECK (length(organisation) BETWEEN 2 AND 120),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX coordination_group_place_actions_place ON coordination_group_place_actions (place_id, done_on);
SELECT quietude_protect('coordination_group_place_actions');

-- The group's own follow-ups: an owner (a member) is required.
CREATE TABLE coordination_group_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  group_id uuid NOT NULL REFERENCES coordination_groups (id),
  meeting_id uuid REFERENCES coordination_group_meetings (id),
  place_id uuid REFERENCES coordination_group_places (id),
  title text NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
  owner_id uuid NOT NULL REFERENCES users (id),
  due_on date,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'dropped')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX coordination_group_tasks_group ON coordination_group_tasks (group_id, state);
SELECT quietude_protect('coordination_group_tasks');

-- Members only, enforced by the database on every content table (reads and writes).
CREATE POLICY group_members_only ON coordination_group_meetings AS RESTRICTIVE
  USING (quietude_group_reader(group_id)) WITH CHECK (quietude_group_reader(group_id));
CREATE POLICY group_members_only ON coordination_group_places AS RESTRICTIVE
  USING (quietude_group_reader(group_id)) WITH CHECK (quietude_group_reader(group_id));
CREATE POLICY group_members_only ON coordination_group_place_actions AS RESTRICTIVE
  USING (quietude_group_reader(group_id)) WITH CHECK (quietude_group_reader(group_id));
CREATE POLICY group_members_only ON coordination_group_tasks AS RESTRICTIVE
  USING (quietude_group_reader(group_id)) WITH CHECK (quietude_group_reader(group_id));
