-- Module prevention, commitments part: the freedom zone's charter commitments (« zone de liberté LGBTI+ »),
-- their dated evidence added by hand, and the association funding lines that show one of them moving.

-- A commitment of the charter, with its state. Evidence that the platform holds elsewhere is computed
-- live from the links below (a programme's sessions, a police training module, a report category).
CREATE TABLE prevention_commitments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  title text NOT NULL CHECK (length(title) BETWEEN 5 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  kind text NOT NULL CHECK (kind IN ('staff_training', 'police_training', 'school_sessions', 'association_funding',
    'visibility', 'expert_adviser', 'other')),
  state text NOT NULL CHECK (state IN ('planned', 'in_progress', 'done', 'abandoned')),
  -- The day the commitment reached its state.
  state_on date NOT NULL,
  -- Staff only: which service answers for it, and notes never shown to the public.
  service text NOT NULL CHECK (length(service) BETWEEN 2 AND 200),
  internal_note text NOT NULL DEFAULT '' CHECK (length(internal_note) <= 2000),
  target text NOT NULL DEFAULT '' CHECK (length(target) <= 500),
  position integer NOT NULL CHECK (position BETWEEN 0 AND 999),
  -- Live evidence: the sessions part's programme (same module), the police module's training module (read
  -- through its exported functions, so no foreign key into another module's tables), a reports category code.
  programme_id uuid REFERENCES prevention_programmes (id) ON DELETE SET NULL,
  police_training_module_id uuid,
  report_category text CHECK (report_category IS NULL OR report_category ~ '^[a-z0-9-]{1,60}$'),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (tenant_id, title)
);
CREATE INDEX prevention_commitments_position ON prevention_commitments (tenant_id, position);
SELECT quietude_protect('prevention_commitments');

-- What shows a commitment moving, added by hand: a date, a sentence, and a published document when there is one.
CREATE TABLE prevention_commitment_evidence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  commitment_id uuid NOT NULL REFERENCES prevention_commitments (id) ON DELETE CASCADE,
  happened_on date NOT NULL,
  text text NOT NULL CHECK (length(text) BETWEEN 5 AND 1000),
  link text CHECK (link IS NULL OR (link ~ '^https?://' AND length(link) <= 500)),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE INDEX prevention_commitment_evidence_commitment ON prevention_commitment_evidence (tenant_id, commitment_id, happened_on);
SELECT quietude_protect('prevention_commitment_evidence');

-- A grant to a partner association (the sessions part's list) for one year, under a commitment.
CREATE TABLE prevention_association_fundings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  commitment_id uuid NOT NULL REFERENCES prevention_commitments (id) ON DELETE CASCADE,
  association_id uuid NOT NULL REFERENCES prevention_associations (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  amount_eur numeric(12, 2) NOT NULL CHECK (amount_eur > 0 AND amount_eur < 100000000),
  purpose text NOT NULL CHECK (length(purpose) BETWEEN 3 AND 300),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE INDEX prevention_association_fundings_commitment ON prevention_association_fundings (tenant_id, commitment_id, year);
SELECT quietude_protect('prevention_association_fundings');
