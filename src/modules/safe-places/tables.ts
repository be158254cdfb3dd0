import type { ColumnType, Generated } from 'kysely';

export const placeKinds = [
  'bar',
  'restaurant',
  'shop',
  'pharmacy',
  'library',
  'transit_agency',
  'transit_station',
  'transit_vehicle',
  'other',
] as const;
export type PlaceKindId = (typeof placeKinds)[number];
export const placeStatuses = ['candidate', 'trained', 'active', 'suspended', 'withdrawn'] as const;
export type PlaceStatus = (typeof placeStatuses)[number];

/** Dates without time (charter, confirmation, closures) travel as 'YYYY-MM-DD' strings. */
type DateOnly = ColumnType<string | null, string | null, string | null>;

export interface SafePlacesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  kind: PlaceKindId;
  address: string;
  /** Written with ST_ functions, read as lon/lat. */
  geom: unknown;
  opening_hours: string;
  phone: string | null;
  wheelchair: 'yes' | 'limited' | 'no' | null;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  status: PlaceStatus;
  charter_signed_on: DateOnly;
  sticker_displayed: Generated<boolean>;
  staff_briefed: Generated<boolean>;
  hours_confirmed_on: DateOnly;
  closed_from: DateOnly;
  closed_until: DateOnly;
  osm_id: string | null;
  organisation_id: ColumnType<string | null, string | null | undefined, string | null>;
  hours_reminder_sent_on: ColumnType<string | null, string | null | undefined, string | null>;
  is_demo: Generated<boolean>;
  created_at: Date;
  updated_at: Date;
}

export interface SafePlaceStatusChangesTable {
  id: Generated<string>;
  tenant_id: string;
  place_id: string;
  from_status: PlaceStatus | null;
  to_status: PlaceStatus;
  reason: string;
  at: Date;
  actor: string;
}

export const helpSituations = ['harassment', 'followed', 'assault', 'other'] as const;
export const helpActions = ['sheltered', 'called_police', 'taxi', 'relative', 'association'] as const;

/** A help request recorded by a venue: when, what kind of situation, what was done. No identity, no free text. */
export interface SafePlaceHelpRequestsTable {
  id: Generated<string>;
  tenant_id: string;
  place_id: string;
  occurred_at: Date;
  situation: (typeof helpSituations)[number];
  actions: ColumnType<string[], string[], string[]>;
  recorded_at: Date;
}

export interface SafePlaceTrainingsTable {
  id: Generated<string>;
  tenant_id: string;
  place_id: string;
  attended_on: ColumnType<string, string, string>;
  trainer_organisation: string;
  recorded_at: Date;
}

/** A square of INSEE's 200 m population grid within the tenant's commune(s); the whole grid is replaced by each import. */
export interface PopulationGridSquaresTable {
  tenant_id: string;
  /** INSEE's Idcar_200m, e.g. "CRS3035RES200mN2688400E4019800". */
  id: string;
  /** The square's centre in WGS 84, written with ST_ functions. */
  geom: unknown;
  /** numeric: read back as a string by pg, so read it cast to float8. */
  population: ColumnType<string, number, number>;
  source: string;
  imported_at: Date;
}

/** The module's tables, part of the database type. */
export interface SafePlaceTables {
  population_grid_squares: PopulationGridSquaresTable;
  safe_place_trainings: SafePlaceTrainingsTable;
  safe_places: SafePlacesTable;
  safe_place_status_changes: SafePlaceStatusChangesTable;
  safe_place_help_requests: SafePlaceHelpRequestsTable;
}
