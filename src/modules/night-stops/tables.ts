import type { ColumnType, Generated } from 'kysely';

/** A problem of an imported feed, where it is: file, line (1 = the header) and column name. */
export interface FeedProblem {
  file: string;
  line?: number;
  column?: string;
  message: string;
  /** The same message in French, for the pages (French first). */
  fr?: string;
}

type Json<T> = ColumnType<T, string | undefined, string>;

export interface GtfsFeedsTable {
  id: Generated<string>;
  tenant_id: string;
  status: 'loading' | 'active' | 'retired' | 'failed';
  source: string;
  feed_info: Json<Record<string, string> | null>;
  warnings: Json<FeedProblem[]>;
  counts: Json<Record<string, number>>;
  has_stop_times: boolean;
  imported_at: Date;
  activated_at: Date | null;
  retired_at: Date | null;
}

export interface GtfsFilesTable {
  feed_id: string;
  tenant_id: string;
  name: string;
  content: Buffer;
}

interface FeedRow {
  feed_id: string;
  tenant_id: string;
}

export interface GtfsAgenciesTable extends FeedRow {
  agency_id: string;
  name: string;
  url: string;
  timezone: string;
  phone: string | null;
}

export interface GtfsRoutesTable extends FeedRow {
  route_id: string;
  agency_id: string | null;
  short_name: string | null;
  long_name: string | null;
  route_type: number;
  color: string | null;
  text_color: string | null;
  sort_order: number | null;
}

export interface GtfsStopsTable extends FeedRow {
  stop_id: string;
  code: string | null;
  name: string;
  lat: number | null;
  lon: number | null;
  location_type: Generated<number>;
  parent_station: string | null;
}

export interface GtfsTripsTable extends FeedRow {
  trip_id: string;
  route_id: string;
  service_id: string;
  headsign: string | null;
  direction_id: number | null;
  shape_id: string | null;
}

export interface GtfsStopTimesTable extends FeedRow {
  trip_id: string;
  stop_sequence: number;
  stop_id: string;
  /** Seconds after the service day's "noon minus 12 h"; null for a blank intermediate time. */
  arrival_s: number | null;
  departure_s: number | null;
  shape_dist_traveled: number | null;
}

export interface GtfsShapePointsTable extends FeedRow {
  shape_id: string;
  sequence: number;
  lat: number;
  lon: number;
  dist_traveled: number | null;
}

export interface GtfsCalendarTable extends FeedRow {
  service_id: string;
  /** Monday first. */
  days: boolean[];
  start_date: ColumnType<string, string, string>;
  end_date: ColumnType<string, string, string>;
}

export interface GtfsCalendarDatesTable extends FeedRow {
  service_id: string;
  date: ColumnType<string, string, string>;
  exception_type: 1 | 2;
}

export interface NightStopSettingsTable {
  tenant_id: string;
  min_distance_m: number;
  instructions_fr: string;
  instructions_en: string;
  updated_at: Date;
}

export interface NightStopSectionsTable {
  id: Generated<string>;
  tenant_id: string;
  route_id: string;
  direction_id: number;
  from_stop_id: string;
  to_stop_id: string;
  /** Service days, Monday first. */
  days: boolean[];
  /** Seconds after the service day's midnight; may pass 24:00 (86400). */
  start_s: number;
  end_s: number;
  created_at: Date;
}

export const forbiddenZoneReasons = [
  'roundabout',
  'tram_tracks',
  'bend_exit',
  'no_lighting',
  'no_pavement',
  'parking_bays',
  'other',
] as const;
export type ForbiddenZoneReason = (typeof forbiddenZoneReasons)[number];

export interface NightStopForbiddenZonesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  reason: ForbiddenZoneReason;
  /** Written through ST_ functions, read through ST_AsGeoJSON. */
  geom: unknown;
  created_at: Date;
}

/** Why a driver refused a spot (the log's reasons): the zone reasons, and traffic at that moment. */
export const refusalReasons = [...forbiddenZoneReasons.filter((r) => r !== 'other'), 'traffic', 'other'] as const;
export type RefusalReason = (typeof refusalReasons)[number];

export interface NightStopLogTable {
  id: Generated<string>;
  tenant_id: string;
  route_id: string;
  service_date: ColumnType<string, string, string>;
  hour_band: number;
  requests: number;
  granted: number;
  moved: number;
  refused: Json<Partial<Record<RefusalReason, number>>>;
  recorded_at: Date;
}

export interface NightStopPlacesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  lat: number;
  lon: number;
  created_at: Date;
}

export interface NightStopTables {
  gtfs_feeds: GtfsFeedsTable;
  gtfs_files: GtfsFilesTable;
  gtfs_agencies: GtfsAgenciesTable;
  gtfs_routes: GtfsRoutesTable;
  gtfs_stops: GtfsStopsTable;
  gtfs_trips: GtfsTripsTable;
  gtfs_stop_times: GtfsStopTimesTable;
  gtfs_shape_points: GtfsShapePointsTable;
  gtfs_calendar: GtfsCalendarTable;
  gtfs_calendar_dates: GtfsCalendarDatesTable;
  night_stop_settings: NightStopSettingsTable;
  night_stop_sections: NightStopSectionsTable;
  night_stop_forbidden_zones: NightStopForbiddenZonesTable;
  night_stop_log: NightStopLogTable;
  night_stop_places: NightStopPlacesTable;
}
