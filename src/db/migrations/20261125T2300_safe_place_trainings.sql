-- Awareness sessions attended by a place's staff (e.g. two hours with the CIDFF); renewed every two years.
CREATE TABLE safe_place_trainings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  place_id uuid NOT NULL REFERENCES safe_places (id),
  attended_on date NOT NULL,
  trainer_organisation text NOT NULL CHECK (length(trainer_organisation) BETWEEN 2 AND 120),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX safe_place_trainings_place ON safe_place_trainings (place_id, attended_on);
SELECT quietude_protect('safe_place_trainings');
