-- Module observatory, part « SSMSI »: the Interior Ministry's recorded-crime statistics (bases communale and
-- départementale de la délinquance enregistrée, Licence Ouverte). National reference data, shared by every tenant
-- like natinf_codes: no tenant_id, no row-level security, written by the importer only (CLI, upload page, demo seed).

-- One file as imported: loaded invisibly ('loading'), then switched on ('active') in one short transaction; the
-- active edition it replaces becomes 'retired' and its rows are purged; a refused file is 'failed' without rows.
CREATE TABLE ssmsi_editions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  file_kind text NOT NULL CHECK (file_kind IN ('communal', 'departmental')),
  format text NOT NULL CHECK (format IN ('current', 'older')),
  -- The year of the commune geography (the `CODGEO_YYYY` column); none in a departmental file.
  geography_year integer CHECK (geography_year BETWEEN 2000 AND 2200),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 300),
  status text NOT NULL CHECK (status IN ('loading', 'active', 'retired', 'failed')),
  rows_read integer NOT NULL DEFAULT 0,
  rows_imported integer NOT NULL DEFAULT 0,
  unpublished integer NOT NULL DEFAULT 0,
  years integer[] NOT NULL DEFAULT '{}',
  -- Labels the mapping did not know: imported under a key derived from the label, listed here to be mapped.
  unknown_labels text[] NOT NULL DEFAULT '{}',
  started_at timestamptz NOT NULL,
  activated_at timestamptz,
  retired_at timestamptz
);
-- Readers take the one active edition of a file kind.
CREATE UNIQUE INDEX ssmsi_editions_one_active ON ssmsi_editions (file_kind) WHERE status = 'active';

-- One figure: a commune (INSEE code) or a département, a year, an indicator (the mapped stable key), in its unit.
-- No foreign key on edition_id: its per-row check cost about a quarter of the insert time on the embedded engine, and
-- only the importer writes here, into the edition it just created; editions themselves are never deleted.
CREATE TABLE ssmsi_values (
  edition_id uuid NOT NULL,
  level text NOT NULL CHECK (level IN ('commune', 'departement')),
  code text NOT NULL CHECK (code ~ '^[0-9][0-9AB][0-9]{0,3}$'),
  -- The département's région (departmental files only).
  region_code text,
  year smallint NOT NULL CHECK (year BETWEEN 1990 AND 2200),
  indicator text NOT NULL,
  -- Which wording the figure was counted under: a change between consecutive years is a series break.
  definition text NOT NULL,
  unit text NOT NULL,
  -- NULL is unknown (not published, or NA), never zero; a published 0 is a real zero.
  count integer CHECK (count >= 0),
  rate_per_mille double precision CHECK (rate_per_mille >= 0),
  published boolean NOT NULL,
  -- The file's complement for an unpublished commune: the département's average, labelled as such where shown.
  department_average_count double precision,
  department_average_rate double precision,
  population double precision,
  population_year smallint,
  dwellings double precision,
  dwellings_year smallint,
  CHECK (published OR count IS NULL)
);
-- « One commune (or département), one indicator, all years », in the active edition.
CREATE INDEX ssmsi_values_series ON ssmsi_values (edition_id, code, indicator, year);

GRANT SELECT ON ssmsi_editions, ssmsi_values TO quietude_app;

-- Monthly figures the State's police or gendarmerie share with the tenant under the coordination agreement:
-- confidential, read only by the roles holding observatory.confidential.
CREATE TABLE observatory_local_figures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  -- The first day of the month.
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  indicator text NOT NULL CHECK (length(indicator) BETWEEN 1 AND 200),
  count integer NOT NULL CHECK (count BETWEEN 0 AND 10000000),
  source text NOT NULL CHECK (source IN ('police_nationale', 'gendarmerie')),
  imported_at timestamptz NOT NULL,
  UNIQUE (tenant_id, month, indicator, source)
);
SELECT quietude_protect('observatory_local_figures');
