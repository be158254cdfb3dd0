-- A report handed to another tenant (a Bordeaux report to the GIP's mediators) is copied there as a
-- referral with only what the receiver needs: the kind, the description, the place and the date — never
-- the reporter's contact, photos or role. The row belongs to the receiving tenant.
CREATE TABLE report_referrals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  from_tenant_id uuid NOT NULL REFERENCES tenants (id),
  -- The sender's report (in the sender's tenant: no foreign key across the tenants' rows).
  from_report_id uuid NOT NULL,
  category_name text NOT NULL,
  description text NOT NULL,
  geom geometry(Point, 4326) NOT NULL,
  occurred_at timestamptz NOT NULL,
  referred_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'taken', 'declined')),
  answer text CHECK (length(answer) <= 2000),
  UNIQUE (tenant_id, from_tenant_id, from_report_id)
);
SELECT quietude_protect('report_referrals');
