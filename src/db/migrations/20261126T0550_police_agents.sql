-- Module police: the agents, the one table its two parts share. The workforce part (movements, categories,
-- statutory files, trainings) and the main courante (interventions name their agents) both reference it.
CREATE TABLE police_agents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  -- The city's staff number (matricule), unique in the tenant: imports and exports match agents by it.
  staff_number text NOT NULL CHECK (length(staff_number) BETWEEN 1 AND 40),
  family_name text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 120),
  given_name text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 120),
  -- The platform account of an agent who signs in (to log interventions), if any.
  user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  UNIQUE (tenant_id, staff_number)
);
SELECT quietude_protect('police_agents');
