/**
 * The demo night network of Grand Besançon Métropole, written by the project (fictional lines, plausible
 * names): two night lines crossing at Place de la Révolution, both directions, every 30 minutes from 21:00
 * to 25:00 (the last trips arrive at 25:30:00), every day of 2026 and 2027. It is loaded at the demo seed
 * through the ordinary import, so the demo exercises the same code as a real feed.
 */

/** Besançon's centre (Place du 8-Septembre), where the demo lines cross. */
const CENTRE = { lat: 47.238, lon: 6.0243 };
const M_PER_DEG_LAT = 111_195;
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((CENTRE.lat * Math.PI) / 180);

export const DEMO_NIGHT_ROUTES = { N1: 'GBM-N1', N2: 'GBM-N2' } as const;
export const DEMO_NIGHT_SERVICE = 'GBM-NUIT';

/** A few stops rules can name (N1 runs Planoise → Palente in direction 0, N2 Temis → Velotte). */
export const DEMO_NIGHT_STOPS = {
  planoiseCentre: 'GBM-PLANOISE-CENTRE',
  saintFerjeux: 'GBM-SAINT-FERJEUX',
  chamars: 'GBM-CHAMARS',
  revolution: 'GBM-REVOLUTION',
  chaprais: 'GBM-CHAPRAIS',
  palente: 'GBM-PALENTE',
  temis: 'GBM-TEMIS',
  battant: 'GBM-BATTANT',
  tarragnoz: 'GBM-TARRAGNOZ',
  velotte: 'GBM-VELOTTE-TERMINUS',
} as const;

interface DemoStop {
  id: string;
  name: string;
  /** Metres east and north of the centre. */
  east: number;
  north: number;
}

const s = (id: string, name: string, east: number, north: number): DemoStop => ({ id, name, east, north });
const revolution = s(DEMO_NIGHT_STOPS.revolution, 'Place de la Révolution', 0, 0);

const lines = [
  {
    route: DEMO_NIGHT_ROUTES.N1,
    short: 'N1',
    long: 'Planoise – Palente (nuit)',
    color: '1F3A93',
    secondsBetweenStops: 180,
    stops: [
      s(DEMO_NIGHT_STOPS.planoiseCentre, 'Planoise Centre', -5200, -1400),
      s('GBM-ILE-DE-FRANCE', 'Allée de l’Île-de-France', -4300, -1250),
      s('GBM-ROSEMONT', 'Rosemont', -3400, -1000),
      s(DEMO_NIGHT_STOPS.saintFerjeux, 'Saint-Ferjeux Église', -2500, -750),
      s('GBM-BUTTE', 'La Butte', -1600, -450),
      s(DEMO_NIGHT_STOPS.chamars, 'Chamars', -700, -150),
      revolution,
      s('GBM-RIVOTTE', 'Rivotte', 800, 150),
      s(DEMO_NIGHT_STOPS.chaprais, 'Chaprais Mairie annexe', 1700, 450),
      s('GBM-FONTAINE-ECU', 'Fontaine-Écu', 2700, 750),
      s(DEMO_NIGHT_STOPS.palente, 'Palente Terminus', 3700, 1050),
    ],
  },
  {
    route: DEMO_NIGHT_ROUTES.N2,
    short: 'N2',
    long: 'Temis – Velotte (nuit)',
    color: 'B0306A',
    secondsBetweenStops: 200,
    stops: [
      s(DEMO_NIGHT_STOPS.temis, 'Temis Sciences', -400, 4000),
      s('GBM-MONTRAPON', 'Montrapon', -350, 3100),
      s('GBM-VIOTTE', 'Viotte Gare', -300, 2200),
      s('GBM-CANOT', 'Canot', -250, 1400),
      s(DEMO_NIGHT_STOPS.battant, 'Battant', -150, 700),
      revolution,
      s('GBM-GRANVELLE', 'Granvelle', 150, -600),
      s(DEMO_NIGHT_STOPS.tarragnoz, 'Tarragnoz', 350, -1400),
      s('GBM-VELOTTE-VILLAGE', 'Velotte Village', 600, -2300),
      s(DEMO_NIGHT_STOPS.velotte, 'Velotte Terminus', 800, -3200),
    ],
  },
];

/** Departures of each direction: every 30 minutes from 21:00 to 25:00 (1:00 the next morning). */
const DEPARTURES_S = Array.from({ length: 9 }, (_, i) => 21 * 3600 + i * 1800);
const POINTS_BETWEEN_STOPS = 6;

const latLon = (east: number, north: number) =>
  [(CENTRE.lat + north / M_PER_DEG_LAT).toFixed(6), (CENTRE.lon + east / M_PER_DEG_LON).toFixed(6)] as const;

const time = (seconds: number) =>
  [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60].map((n) => String(n).padStart(2, '0')).join(':');

/** A street-like path: between two stops, points bend off the straight line by up to 25 m. */
function shapePoints(stops: DemoStop[]): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i < stops.length - 1; i++) {
    const a = stops[i] as DemoStop;
    const b = stops[i + 1] as DemoStop;
    const length = Math.hypot(b.east - a.east, b.north - a.north);
    for (let k = 0; k < POINTS_BETWEEN_STOPS; k++) {
      const f = k / POINTS_BETWEEN_STOPS;
      const bend = 25 * Math.sin(Math.PI * f);
      points.push([
        a.east + (b.east - a.east) * f - ((b.north - a.north) / length) * bend,
        a.north + (b.north - a.north) * f + ((b.east - a.east) / length) * bend,
      ]);
    }
  }
  const last = stops[stops.length - 1] as DemoStop;
  points.push([last.east, last.north]);
  return points;
}

const csv = (header: string[], rows: (string | number)[][]) =>
  `${[header, ...rows].map((row) => row.map((v) => (/[",]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : v)).join(',')).join('\n')}\n`;

/** The feed's files, by name, as texts. */
export function demoNightFeed(): Record<string, string> {
  const stops = new Map(lines.flatMap((line) => line.stops.map((stop) => [stop.id, stop] as const)));
  const shapes: (string | number)[][] = [];
  const trips: (string | number)[][] = [];
  const stopTimes: (string | number)[][] = [];
  for (const line of lines) {
    for (const direction of [0, 1]) {
      const order = direction === 0 ? line.stops : [...line.stops].reverse();
      const shapeId = `${line.route}-${direction}`;
      for (const [i, [east, north]] of shapePoints(order).entries()) shapes.push([shapeId, ...latLon(east, north), i + 1]);
      const headsign = (order[order.length - 1] as DemoStop).name;
      for (const start of DEPARTURES_S) {
        const tripId = `${line.route}-${direction}-${time(start).slice(0, 5).replace(':', '')}`;
        trips.push([line.route, DEMO_NIGHT_SERVICE, tripId, headsign, direction, shapeId]);
        for (const [i, stop] of order.entries()) {
          const at = time(start + i * line.secondsBetweenStops);
          stopTimes.push([tripId, at, at, stop.id, i + 1]);
        }
      }
    }
  }
  return {
    'agency.txt': csv(
      ['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang'],
      [['GBM-NUIT', 'Réseau de nuit du Grand Besançon (démo)', 'https://example.org/reseau-nuit', 'Europe/Paris', 'fr']],
    ),
    'routes.txt': csv(
      ['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type', 'route_color', 'route_text_color'],
      lines.map((l) => [l.route, 'GBM-NUIT', l.short, l.long, 3, l.color, 'FFFFFF']),
    ),
    'stops.txt': csv(
      ['stop_id', 'stop_name', 'stop_lat', 'stop_lon', 'location_type'],
      [...stops.values()].map((stop) => [stop.id, stop.name, ...latLon(stop.east, stop.north), 0]),
    ),
    'shapes.txt': csv(['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence'], shapes),
    'trips.txt': csv(['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id', 'shape_id'], trips),
    'stop_times.txt': csv(['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence'], stopTimes),
    'calendar.txt': csv(
      ['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'],
      [[DEMO_NIGHT_SERVICE, 1, 1, 1, 1, 1, 1, 1, '20260101', '20271231']],
    ),
    'feed_info.txt': csv(
      ['feed_publisher_name', 'feed_publisher_url', 'feed_lang', 'feed_start_date', 'feed_end_date', 'feed_version'],
      [['Quiétude (données de démonstration)', 'https://example.org/quietude', 'fr', '20260101', '20271231', 'demo-1']],
    ),
  };
}
