import type { ColumnType, Generated } from 'kysely';

export const ssmsiFileKinds = ['communal', 'departmental'] as const;
export type SsmsiFileKind = (typeof ssmsiFileKinds)[number];
export type SsmsiFormat = 'current' | 'older';
export type SsmsiLevel = 'commune' | 'departement';
export type EditionStatus = 'loading' | 'active' | 'retired' | 'failed';

/** One imported SSMSI file (national reference data: no tenant). */
export interface SsmsiEditionsTable {
  id: Generated<string>;
  file_kind: SsmsiFileKind;
  format: SsmsiFormat;
  geography_year: number | null;
  source: string;
  status: EditionStatus;
  rows_read: Generated<number>;
  rows_imported: Generated<number>;
  unpublished: Generated<number>;
  years: ColumnType<number[], number[] | undefined, number[]>;
  unknown_labels: ColumnType<string[], string[] | undefined, string[]>;
  started_at: Date;
  activated_at: Date | null;
  retired_at: Date | null;
}

/** One figure of an edition; written in bulk by the importer (`edition-writes.ts`), never one by one. */
export interface SsmsiValuesTable {
  edition_id: string;
  level: SsmsiLevel;
  code: string;
  region_code: string | null;
  year: number;
  indicator: string;
  definition: string;
  unit: string;
  count: number | null;
  rate_per_mille: number | null;
  published: boolean;
  department_average_count: number | null;
  department_average_rate: number | null;
  population: number | null;
  population_year: number | null;
  dwellings: number | null;
  dwellings_year: number | null;
}

export type LocalFigureSource = 'police_nationale' | 'gendarmerie';

/** A month's figure shared by the State's police or gendarmerie (tenant-owned, confidential). */
export interface ObservatoryLocalFiguresTable {
  id: Generated<string>;
  tenant_id: string;
  /** 'YYYY-MM-01' (pg hands dates back as text). */
  month: ColumnType<string, string, string>;
  indicator: string;
  count: number;
  source: LocalFigureSource;
  imported_at: Date;
}

/** The tenant's choice of roles that may read the local figures (no row: admin and coordinator). */
export interface ObservatorySettingsTable {
  tenant_id: string;
  confidential_roles: string[];
  updated_at: Date;
}

export interface SsmsiTables {
  ssmsi_editions: SsmsiEditionsTable;
  ssmsi_values: SsmsiValuesTable;
  observatory_local_figures: ObservatoryLocalFiguresTable;
  observatory_settings: ObservatorySettingsTable;
}
