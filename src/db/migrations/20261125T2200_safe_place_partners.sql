-- Partner venues sign in: a place belongs to an organisation (the venue), whose staff hold the
-- partner_venue role scoped to it; and the help requests they record, without identity.

ALTER TABLE safe_places ADD COLUMN organisation_id uuid REFERENCES organisations (id);
-- When the venue was last reminded to confirm its hours (once a month at most).
ALTER TABLE safe_places ADD COLUMN hours_reminder_sent_on date;
CREATE INDEX safe_places_organisation ON safe_places (organisation_id);

CREATE TABLE safe_place_help_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  place_id uuid NOT NULL REFERENCES safe_places (id),
  occurred_at timestamptz NOT NULL,
  situation text NOT NULL CHECK (situation IN ('harassment', 'followed', 'assault', 'other')),
  actions text[] NOT NULL CHECK (actions <@ ARRAY['sheltered', 'called_police', 'taxi', 'relative', 'association']::text[]),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX safe_place_help_requests_time ON safe_place_help_requests (tenant_id, occurred_at);
SELECT quietude_protect('safe_place_help_requests');
