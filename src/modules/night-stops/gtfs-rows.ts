/**
 * One converter per file: a CSV row → the row of its table (without feed_id and tenant_id), or undefined
 * when the row has a problem (recorded by the check with its place). References point to files read before.
 */
import type { Insertable } from 'kysely';
import type { FeedIndex } from './gtfs-feed-index.js';
import type { RowCheck } from './gtfs-row-check.js';
import { parseCoordinate, parseDate, parseInteger, parseNumber, parseTime } from './gtfs-values.js';
import type {
  GtfsAgenciesTable,
  GtfsCalendarDatesTable,
  GtfsCalendarTable,
  GtfsRoutesTable,
  GtfsShapePointsTable,
  GtfsStopsTable,
  GtfsStopTimesTable,
  GtfsTripsTable,
} from './tables.js';

type Row<T> = Omit<Insertable<T>, 'feed_id' | 'tenant_id'>;
/** Each field as read: undefined when it had a problem. */
type Read<T> = { [K in keyof T]: Exclude<T[K], undefined> | undefined };
/** The row when every field was read, else undefined (its problems are recorded). */
const complete = <T extends object>(row: Read<T>): T | undefined =>
  Object.values(row).some((v) => v === undefined) ? undefined : (row as T);

export function agencyRow(c: RowCheck, index: FeedIndex): Row<GtfsAgenciesTable> | undefined {
  index.agencyCount += 1;
  // A feed of one agency may leave agency_id blank; the row still needs a key.
  const id = c.optional('agency_id') ?? '';
  if (index.agencies.has(id)) c.problem('agency_id', `"${id}" appears twice`, `« ${id} » apparaît deux fois`);
  index.agencies.add(id);
  return complete<Row<GtfsAgenciesTable>>({
    agency_id: id,
    name: c.required('agency_name'),
    url: c.required('agency_url'),
    timezone: c.required('agency_timezone'),
    phone: c.optional('agency_phone'),
  });
}

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export function calendarRow(c: RowCheck, index: FeedIndex): Row<GtfsCalendarTable> | undefined {
  const id = c.unique('service_id', index.calendarServices);
  if (id) index.services.add(id);
  const days = weekdays.map((day) => c.parse(day, (t) => parseInteger(t, [0, 1]), true));
  const start = c.parse('start_date', parseDate, true);
  const end = c.parse('end_date', parseDate, true);
  if (start && end && end < start)
    c.problem('end_date', 'the service ends before it starts', 'le service finit avant de commencer');
  if (!id || !start || !end || days.some((d) => d === undefined || d === null)) return undefined;
  return { service_id: id, days: days.map((d) => d === 1), start_date: start, end_date: end };
}

export function calendarDateRow(c: RowCheck, index: FeedIndex): Row<GtfsCalendarDatesTable> | undefined {
  const id = c.required('service_id');
  const date = c.parse('date', parseDate, true);
  const type = c.parse('exception_type', (t) => parseInteger(t, [1, 2]), true);
  if (!id || !date || !type) return undefined;
  const key = `${id}\u0000${date}`;
  if (index.calendarDates.has(key)) {
    c.problem('date', `service "${id}" has this date twice`, `le service « ${id} » a deux fois cette date`);
    return undefined;
  }
  index.calendarDates.add(key);
  index.services.add(id);
  return { service_id: id, date, exception_type: type as 1 | 2 };
}

export function routeRow(c: RowCheck, index: FeedIndex): Row<GtfsRoutesTable> | undefined {
  const id = c.unique('route_id', index.routes);
  const agency = c.optional('agency_id');
  // With one agency, routes may omit it (GTFS); with several, each route must name a known one.
  if (index.agencyCount > 1 && !agency)
    c.problem('agency_id', 'required when the feed has several agencies', 'obligatoire quand le flux a plusieurs exploitants');
  else if (agency) c.reference('agency_id', index.agencies, 'agency.txt');
  return complete<Row<GtfsRoutesTable>>({
    route_id: id,
    agency_id: agency,
    short_name: c.optional('route_short_name'),
    long_name: c.optional('route_long_name'),
    route_type: c.parse('route_type', (t) => parseInteger(t), true) ?? undefined,
    color: c.optional('route_color'),
    text_color: c.optional('route_text_color'),
    sort_order: c.parse('route_sort_order', (t) => parseInteger(t)),
  });
}

export function shapePointRow(c: RowCheck, index: FeedIndex): Row<GtfsShapePointsTable> | undefined {
  const id = c.required('shape_id');
  const sequence = c.parse('shape_pt_sequence', (t) => parseInteger(t), true);
  if (id && typeof sequence === 'number') {
    const seen = index.shapes.get(id) ?? new Set<number>();
    index.shapes.set(id, seen);
    if (seen.has(sequence))
      c.problem(
        'shape_pt_sequence',
        `shape "${id}" has sequence ${sequence} twice`,
        `le tracé « ${id} » a deux fois la séquence ${sequence}`,
      );
    seen.add(sequence);
  }
  return complete<Row<GtfsShapePointsTable>>({
    shape_id: id,
    sequence: sequence ?? undefined,
    lat: c.parse('shape_pt_lat', (t) => parseCoordinate(t, 'lat'), true) ?? undefined,
    lon: c.parse('shape_pt_lon', (t) => parseCoordinate(t, 'lon'), true) ?? undefined,
    dist_traveled: c.parse('shape_dist_traveled', parseNumber),
  });
}

export function stopRow(c: RowCheck, index: FeedIndex): Row<GtfsStopsTable> | undefined {
  const id = c.unique('stop_id', index.stops);
  const type = c.parse('location_type', (t) => parseInteger(t, [0, 1, 2, 3, 4])) ?? 0;
  // Stops, stations and entrances have a name and a position; generic nodes and boarding areas may not.
  const placed = type === undefined || type <= 2;
  return complete<Row<GtfsStopsTable>>({
    stop_id: id,
    code: c.optional('stop_code'),
    name: (placed ? c.required('stop_name') : c.optional('stop_name')) ?? (placed ? undefined : ''),
    lat: c.parse('stop_lat', (t) => parseCoordinate(t, 'lat'), placed),
    lon: c.parse('stop_lon', (t) => parseCoordinate(t, 'lon'), placed),
    location_type: type,
    parent_station: c.optional('parent_station'),
  });
}

export function tripRow(c: RowCheck, index: FeedIndex): Row<GtfsTripsTable> | undefined {
  const id = c.unique('trip_id', index.trips);
  const shape = c.optional('shape_id');
  if (shape && !index.shapes.has(shape))
    c.problem(
      'shape_id',
      `unknown shape_id "${shape}" (not in shapes.txt)`,
      `shape_id « ${shape} » inconnu (absent de shapes.txt)`,
    );
  return complete<Row<GtfsTripsTable>>({
    trip_id: id,
    route_id: c.required('route_id') && c.reference('route_id', index.routes, 'routes.txt'),
    service_id: c.required('service_id') && c.reference('service_id', index.services, 'calendar.txt / calendar_dates.txt'),
    headsign: c.optional('trip_headsign'),
    direction_id: c.parse('direction_id', (t) => parseInteger(t, [0, 1])),
    shape_id: shape,
  });
}

/** A stop time; also keeps its trip's summary, checked once the whole file is read (see checkTripEnds). */
export function stopTimeRow(c: RowCheck, index: FeedIndex): Row<GtfsStopTimesTable> | undefined {
  const trip = c.required('trip_id') && c.reference('trip_id', index.trips, 'trips.txt');
  const stop = c.required('stop_id') && c.reference('stop_id', index.stops, 'stops.txt');
  const sequence = c.parse('stop_sequence', (t) => parseInteger(t), true);
  const arrival = c.parse('arrival_time', parseTime);
  const departure = c.parse('departure_time', parseTime);
  if (trip && typeof sequence === 'number') {
    const missing = [...(arrival === null ? ['arrival_time'] : []), ...(departure === null ? ['departure_time'] : [])];
    const here = { sequence, line: c.line, missing };
    const summary = index.tripStopTimes.get(trip);
    if (!summary) index.tripStopTimes.set(trip, { sequences: new Set([sequence]), first: here, last: here });
    else if (summary.sequences.has(sequence))
      c.problem(
        'stop_sequence',
        `trip "${trip}" has stop_sequence ${sequence} twice`,
        `le trajet « ${trip} » a deux fois stop_sequence ${sequence}`,
      );
    else {
      summary.sequences.add(sequence);
      if (sequence < summary.first.sequence) summary.first = here;
      if (sequence > summary.last.sequence) summary.last = here;
    }
  }
  return complete<Row<GtfsStopTimesTable>>({
    trip_id: trip,
    stop_sequence: sequence ?? undefined,
    stop_id: stop,
    arrival_s: arrival,
    departure_s: departure,
    shape_dist_traveled: c.parse('shape_dist_traveled', parseNumber),
  });
}
