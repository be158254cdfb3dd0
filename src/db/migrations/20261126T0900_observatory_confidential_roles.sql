-- Module observatory: which of the tenant's staff roles may read the monthly figures the State's police or
-- gendarmerie share under the coordination agreement. No row: the default (admin and coordinator).
CREATE TABLE observatory_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  confidential_roles text[] NOT NULL CHECK (cardinality(confidential_roles) BETWEEN 1 AND 20),
  updated_at timestamptz NOT NULL
);
SELECT quietude_protect('observatory_settings');
