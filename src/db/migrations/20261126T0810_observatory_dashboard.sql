-- Module observatory, part « dashboard »: the tenant's targets and what it chooses to publish (public dashboard and
-- open data). The figures themselves are read from the SSMSI part and from the other modules' figure sources.

-- A target: « -10 % de violences physiques hors cadre familial par rapport à 2019 d'ici 2026 ». The indicator is an
-- SSMSI indicator key (kind 'ssmsi') or a figure source id with its option (kind 'figure'); the goal is a change in
-- per cent against the baseline year, or a value to reach.
CREATE TABLE observatory_targets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  label text NOT NULL CHECK (length(label) BETWEEN 5 AND 300),
  indicator_kind text NOT NULL CHECK (indicator_kind IN ('ssmsi', 'figure')),
  indicator text NOT NULL CHECK (length(indicator) BETWEEN 1 AND 200),
  -- '' when the figure is read whole (a primary-key-friendly « none »).
  figure_option text NOT NULL DEFAULT '' CHECK (length(figure_option) <= 200),
  baseline_year smallint NOT NULL CHECK (baseline_year BETWEEN 2000 AND 2100),
  target_year smallint NOT NULL CHECK (target_year BETWEEN 2000 AND 2100),
  target_change_percent double precision CHECK (target_change_percent BETWEEN -100 AND 1000),
  target_value double precision CHECK (target_value >= 0),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  CHECK (target_year > baseline_year),
  CHECK ((target_change_percent IS NULL) <> (target_value IS NULL)),
  CHECK (indicator_kind = 'figure' OR figure_option = '')
);
SELECT quietude_protect('observatory_targets');
CREATE INDEX observatory_targets_tenant ON observatory_targets (tenant_id, created_at);

-- A figure the tenant publishes on its public dashboard and in its open data: nothing is public unless listed here.
CREATE TABLE observatory_publications (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  indicator_kind text NOT NULL CHECK (indicator_kind IN ('ssmsi', 'figure')),
  indicator text NOT NULL CHECK (length(indicator) BETWEEN 1 AND 200),
  figure_option text NOT NULL DEFAULT '' CHECK (length(figure_option) <= 200),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, indicator_kind, indicator, figure_option)
);
SELECT quietude_protect('observatory_publications');
