-- INSEE's 200 m population grid (Filosofi « carreaux de 200 m »), the squares of the tenant's commune(s)
-- only: the coverage map places people by them instead of spreading the commune's population evenly.
-- Replaced whole by each import (`quietude import-population-grid`).
CREATE TABLE population_grid_squares (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  -- INSEE's Idcar_200m, e.g. CRS3035RES200mN2688400E4019800 (the square's south-west corner in EPSG:3035).
  id text NOT NULL CHECK (id ~ '^CRS3035RES200mN[0-9]+E[0-9]+$'),
  -- The square's centre, converted from EPSG:3035.
  geom geometry(Point, 4326) NOT NULL,
  -- INSEE's Ind (individuals): fractional where INSEE spread a household over several squares.
  population numeric NOT NULL CHECK (population >= 0),
  -- The file's edition as the operator named it (e.g. « Filosofi 2019 »), said on the map.
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 120),
  imported_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
SELECT quietude_protect('population_grid_squares');
