-- Module prevention, orders part: municipal and prefectoral orders (arrêtés) and the collections of
-- nitrous-oxide cartridges and bottles.

-- An order as signed, published and (for police orders) sent to the préfet. It applies only once
-- published, inside its validity, its hours and its perimeter; the published text is authoritative.
CREATE TABLE prevention_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  number text NOT NULL CHECK (length(number) BETWEEN 1 AND 60),
  title text NOT NULL CHECK (length(title) BETWEEN 5 AND 200),
  -- A prefectoral order covering the commune applies on top of the mayor's orders.
  author text NOT NULL CHECK (author IN ('mayor', 'prefect')),
  subject text NOT NULL CHECK (subject IN ('nitrous_oxide', 'alcohol', 'gatherings', 'other')),
  prohibitions text[] NOT NULL CHECK (cardinality(prohibitions) >= 1),
  summary_fr text NOT NULL CHECK (length(summary_fr) BETWEEN 10 AND 2000),
  summary_en text NOT NULL DEFAULT '' CHECK (length(summary_en) <= 2000),
  signed_on date NOT NULL,
  published_on date CHECK (published_on IS NULL OR published_on >= signed_on),
  -- Police orders of the mayor are sent to the préfet (contrôle de légalité): the date is recorded.
  sent_to_prefect_on date CHECK (sent_to_prefect_on IS NULL OR sent_to_prefect_on >= signed_on),
  valid_from date NOT NULL,
  valid_until date CHECK (valid_until IS NULL OR valid_until >= valid_from),
  -- Minutes after local midnight; an end not after the start is the next morning (18:00 → 08:00).
  -- Both absent: all day. `days` (Monday first) are the days a period starts on.
  hours_start integer CHECK (hours_start BETWEEN 0 AND 1439),
  hours_end integer CHECK (hours_end BETWEEN 0 AND 1439),
  days boolean[] NOT NULL DEFAULT '{t,t,t,t,t,t,t}' CHECK (cardinality(days) = 7),
  -- Indicative perimeter; absent: the whole territory of the tenant.
  perimeter geometry(MultiPolygon, 4326) CHECK (perimeter IS NULL OR ST_IsValid(perimeter)),
  withdrawn_on date,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((hours_start IS NULL) = (hours_end IS NULL) AND (hours_start IS NULL OR hours_start <> hours_end)),
  UNIQUE (tenant_id, number)
);
CREATE INDEX prevention_orders_tenant ON prevention_orders (tenant_id, published_on);
SELECT quietude_protect('prevention_orders');

-- The published PDF of an order (the authoritative text), kept apart so that lists never load it.
CREATE TABLE prevention_order_pdfs (
  order_id uuid PRIMARY KEY REFERENCES prevention_orders (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  content bytea NOT NULL CHECK (octet_length(content) BETWEEN 5 AND 5242880),
  uploaded_at timestamptz NOT NULL
);
SELECT quietude_protect('prevention_order_pdfs');

-- What a service picked up: cartridges counted or bottles weighed, at a point or over a territory.
CREATE TABLE prevention_collections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  collected_on date NOT NULL,
  territory_id uuid REFERENCES territories (id),
  geom geometry(Point, 4326),
  cartridges integer CHECK (cartridges BETWEEN 0 AND 1000000),
  weight_kg numeric(9, 2) CHECK (weight_kg >= 0 AND weight_kg <= 1000000),
  service text NOT NULL CHECK (length(service) BETWEEN 2 AND 120),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  CHECK (cartridges IS NOT NULL OR weight_kg IS NOT NULL),
  CHECK (territory_id IS NOT NULL OR geom IS NOT NULL)
);
CREATE INDEX prevention_collections_tenant ON prevention_collections (tenant_id, collected_on);
SELECT quietude_protect('prevention_collections');
