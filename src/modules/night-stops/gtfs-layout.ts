/**
 * Which files a feed needs and which columns each file needs (GTFS Schedule reference, kept to what this
 * module reads). Checked before anything is written, so that a structurally wrong feed is refused at once.
 */
import type { ProblemList } from './gtfs-problems.js';

/** The files read, in the order they are loaded: each one's references point to files read before it. */
export const feedFiles = [
  'agency.txt',
  'calendar.txt',
  'calendar_dates.txt',
  'routes.txt',
  'shapes.txt',
  'stops.txt',
  'trips.txt',
  'stop_times.txt',
  'feed_info.txt',
] as const;
export type FeedFile = (typeof feedFiles)[number];

export const requiredColumns: Record<FeedFile, string[]> = {
  'agency.txt': ['agency_name', 'agency_url', 'agency_timezone'],
  'calendar.txt': [
    'service_id',
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    'start_date',
    'end_date',
  ],
  'calendar_dates.txt': ['service_id', 'date', 'exception_type'],
  'routes.txt': ['route_id', 'route_type'],
  'shapes.txt': ['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence'],
  'stops.txt': ['stop_id', 'stop_name', 'stop_lat', 'stop_lon'],
  'trips.txt': ['route_id', 'service_id', 'trip_id'],
  'stop_times.txt': ['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence'],
  'feed_info.txt': ['feed_publisher_name', 'feed_publisher_url', 'feed_lang'],
};

/** What a feed without stop_times.txt cannot do here: said in the warning, so that the authority knows. */
export const WITHOUT_STOP_TIMES = {
  message:
    'stop_times.txt is missing: accepted, but snapping between stops, the continuous_drop_off export and « running lines near you » are disabled',
  fr: 'stop_times.txt manque : flux accepté, mais le calage entre arrêts, l’export continuous_drop_off et « les lignes qui circulent près de vous » sont désactivés',
};

/** Missing files: refusals, except stop_times.txt (a warning, returned). */
export function checkFiles(names: ReadonlySet<string>, problems: ProblemList): boolean {
  for (const file of ['agency.txt', 'stops.txt', 'routes.txt', 'trips.txt'])
    if (!names.has(file)) problems.add({ file }, 'required file is missing', 'fichier obligatoire absent');
  if (!names.has('calendar.txt') && !names.has('calendar_dates.txt'))
    problems.add(
      { file: 'calendar.txt' },
      'calendar.txt or calendar_dates.txt is required: neither is there',
      'calendar.txt ou calendar_dates.txt est obligatoire : aucun des deux n’est là',
    );
  return names.has('stop_times.txt');
}

export function checkColumns(file: FeedFile, columns: string[], problems: ProblemList): void {
  if (columns.length === 0) {
    problems.add({ file, line: 1 }, 'the file is empty (no header)', 'le fichier est vide (pas d’en-tête)');
    return;
  }
  for (const column of requiredColumns[file])
    if (!columns.includes(column))
      problems.add({ file, line: 1, column }, 'required column is missing', 'colonne obligatoire absente');
}
