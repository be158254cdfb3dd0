/**
 * Loads the demo night feed into Grand Besançon Métropole through the ordinary import (same checks, same
 * batches, same switch). Idempotent: a tenant that already has an active feed keeps it.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { systemActor } from '../../platform/access/actor.js';
import type { Clock } from '../../platform/clock/clock.js';
import { DEMO_NIGHT_ROUTES, DEMO_NIGHT_STOPS, demoNightFeed } from './demo-night-feed.js';
import { importGtfs } from './gtfs-import.js';
import { activeFeed } from './gtfs-queries.js';
import { textSource } from './gtfs-source.js';
import { addPlace } from './named-places.js';
import { addForbiddenZone, addSection } from './rule-operations.js';

export const DEMO_NIGHT_FEED_TENANT = 'grand-besancon-metropole';
export const DEMO_NIGHT_FEED_SOURCE = 'Démo : réseau de nuit (N1, N2)';

/** Returns whether the feed was loaded now. */
export async function seedDemoNightFeed(db: Kysely<DB>, clock: Clock): Promise<boolean> {
  const tenant = await db.selectFrom('tenants').selectAll().where('slug', '=', DEMO_NIGHT_FEED_TENANT).executeTakeFirst();
  if (!tenant?.programmes.includes('night-stops')) return false;
  if (await withTenant(db, tenant.id, activeFeed)) return false;
  const ctx = { db, clock, actor: systemActor('seed-demo'), tenant };
  await importGtfs(ctx, textSource(DEMO_NIGHT_FEED_SOURCE, demoNightFeed()));
  await seedDemoNightRules(ctx);
  return true;
}

const everyDay = [true, true, true, true, true, true, true];
const thursdayToSaturday = [false, false, false, true, true, true, false];

/**
 * The demo authority's rules on its demo lines: the outer parts of N1 every night, N2 towards Velotte every night
 * and back towards Temis from Thursday to Saturday, and one roundabout where no driver stops.
 */
async function seedDemoNightRules(ctx: Parameters<typeof addSection>[0]) {
  const { N1, N2 } = DEMO_NIGHT_ROUTES;
  const S = DEMO_NIGHT_STOPS;
  const sections = [
    { routeId: N1, directionId: '0', fromStopId: S.chamars, toStopId: S.palente, days: everyDay, start: '22:00', end: '01:30' },
    {
      routeId: N1,
      directionId: '1',
      fromStopId: S.chaprais,
      toStopId: S.planoiseCentre,
      days: everyDay,
      start: '22:00',
      end: '01:30',
    },
    { routeId: N2, directionId: '0', fromStopId: S.battant, toStopId: S.velotte, days: everyDay, start: '21:30', end: '01:30' },
    {
      routeId: N2,
      directionId: '1',
      fromStopId: S.tarragnoz,
      toStopId: S.temis,
      days: thursdayToSaturday,
      start: '22:00',
      end: '01:30',
    },
  ];
  for (const section of sections) await addSection(ctx, section);
  // Between Chamars and Place de la Révolution on N1: a roundabout (fictional), 80 m across.
  const [lat, lon] = [47.238 - 75 / 111_195, 6.0243 - 350 / (111_195 * Math.cos((47.238 * Math.PI) / 180))];
  const [dLat, dLon] = [40 / 111_195, 40 / (111_195 * Math.cos((47.238 * Math.PI) / 180))];
  const ring = [
    [lon - dLon, lat - dLat],
    [lon + dLon, lat - dLat],
    [lon + dLon, lat + dLat],
    [lon - dLon, lat + dLat],
    [lon - dLon, lat - dLat],
  ];
  await addForbiddenZone(ctx, {
    name: 'Giratoire de Chamars (démo)',
    reason: 'roundabout',
    geometry: JSON.stringify({ type: 'Polygon', coordinates: [ring] }),
  });
  // Places riders know by name (fictional), one by each line.
  const place = (east: number, north: number) => ({
    lat: 47.238 + north / 111_195,
    lon: 6.0243 + east / (111_195 * Math.cos((47.238 * Math.PI) / 180)),
  });
  await addPlace(ctx, { name: 'Salle de concerts des Chaprais (démo)', point: place(1250, 330) });
  await addPlace(ctx, { name: 'Résidence étudiante de Saint-Ferjeux (démo)', point: place(-2050, -600) });
}
