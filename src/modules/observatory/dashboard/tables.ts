import type { Generated } from 'kysely';

export type IndicatorKind = 'ssmsi' | 'figure';

/** A target the tenant set itself (« -10 % … par rapport à 2019 d'ici 2026 »). */
export interface ObservatoryTargetsTable {
  id: Generated<string>;
  tenant_id: string;
  label: string;
  indicator_kind: IndicatorKind;
  indicator: string;
  figure_option: Generated<string>;
  baseline_year: number;
  target_year: number;
  target_change_percent: number | null;
  target_value: number | null;
  is_demo: Generated<boolean>;
  created_at: Date;
}

/** A figure the tenant publishes (public dashboard, open data). */
export interface ObservatoryPublicationsTable {
  tenant_id: string;
  indicator_kind: IndicatorKind;
  indicator: string;
  figure_option: Generated<string>;
  created_at: Date;
}

export interface ObservatoryDashboardTables {
  observatory_targets: ObservatoryTargetsTable;
  observatory_publications: ObservatoryPublicationsTable;
}
