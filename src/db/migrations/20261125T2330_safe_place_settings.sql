-- The two periods of the safe-places network become tenant settings (they were constants):
-- hours unconfirmed for this many months leave the public list; a training older than this
-- many years is due for renewal.
ALTER TABLE tenant_settings
  ADD COLUMN safe_place_confirmation_months integer NOT NULL DEFAULT 6
    CHECK (safe_place_confirmation_months BETWEEN 1 AND 24),
  ADD COLUMN safe_place_training_years integer NOT NULL DEFAULT 2
    CHECK (safe_place_training_years BETWEEN 1 AND 5);
