/**
 * Loads the demo night feed into Grand Besançon Métropole through the ordinary import (same checks, same
 * batches, same switch). Idempotent: a tenant that already has an active feed keeps it.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { systemActor } from '../../platform/access/actor.js';
import type { Clock } from '../../platform/clock/clock.js';
import { demoNightFeed } from './demo-night-feed.js';
import { importGtfs } from './gtfs-import.js';
import { activeFeed } from './gtfs-queries.js';
import { textSource } from './gtfs-source.js';

export const DEMO_NIGHT_FEED_TENANT = 'grand-besancon-metropole';
export const DEMO_NIGHT_FEED_SOURCE = 'Démo : réseau de nuit (N1, N2)';

/** Returns whether the feed was loaded now. */
export async function seedDemoNightFeed(db: Kysely<DB>, clock: Clock): Promise<boolean> {
  const tenant = await db.selectFrom('tenants').selectAll().where('slug', '=', DEMO_NIGHT_FEED_TENANT).executeTakeFirst();
  if (!tenant?.programmes.includes('night-stops')) return false;
  if (await withTenant(db, tenant.id, activeFeed)) return false;
  const ctx = { db, clock, actor: systemActor('seed-demo'), tenant };
  await importGtfs(ctx, textSource(DEMO_NIGHT_FEED_SOURCE, demoNightFeed()));
  return true;
}
