import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../../test/helpers/factories.js';
import { openTestDatabase } from '../../../../test/helpers/test-database.js';
import type { Database } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { ManualClock } from '../../../platform/clock/clock.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { OrderIndex } from './order-index.js';
import { formatTime } from './order-time.js';
import { publishOrder, withdrawOrder } from './publish-order.js';
import { saveOrder } from './save-order.js';

let database: Database;

const ZONE = 'Europe/Paris';
const OUTLINE = { minLon: 6.1, maxLon: 6.25, minLat: 48.6, maxLat: 48.72 };
const PDF = Buffer.from('%PDF-1.4\n% test\n');
const DAY = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A deterministic generator (mulberry32), so the orders are the same on every run and engine. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A convex polygon: corners at increasing angles on an ellipse (hence simple and valid). */
function polygonAround(next: () => number) {
  const lon = 6.08 + next() * 0.19;
  const lat = 48.58 + next() * 0.16;
  const corners = 3 + Math.floor(next() * 5);
  const angles = Array.from({ length: corners }, () => next() * 2 * Math.PI).sort((a, b) => a - b);
  const r = 0.01 + next() * 0.04;
  const ring = angles.map((a) => [lon + r * Math.cos(a) * 1.5, lat + r * Math.sin(a)]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
}

let tenant: Tenant;
let index: OrderIndex;
const today = '2026-11-25';

afterAll(async () => {
  await database?.close();
});

beforeAll(async () => {
  database = await openTestDatabase();
  tenant = await createTenant(database.db, { programmes: ['prevention'] });
  const { minLon, maxLon, minLat, maxLat } = OUTLINE;
  await withTenant(
    database.db,
    tenant.id,
    (tx) =>
      sql`INSERT INTO territories (tenant_id, kind, code, name, geom) VALUES (${tenant.id}, 'commune', '99999', 'Commune test',
        ST_Multi(ST_MakeEnvelope(${minLon}, ${minLat}, ${maxLon}, ${maxLat}, 4326)))`.execute(tx),
    { operation: 'test.seed-territory' },
  );
  const ctx = systemContext(database.db, tenant, new ManualClock(new Date(`${today}T12:00:00Z`)));
  const next = random(2026);
  for (let i = 0; i < 40; i++) {
    const signed = Date.parse('2025-06-01') + Math.floor(next() * 500) * DAY;
    const validFrom = signed + Math.floor(next() * 10) * DAY;
    const allDay = next() < 0.25;
    const start = Math.floor(next() * 96) * 15;
    let end = Math.floor(next() * 96) * 15;
    if (end === start) end = (start + 60) % 1440;
    const { id } = await saveOrder(ctx, {
      number: `P-${i}`,
      title: `Arrêté aléatoire ${i}`,
      author: next() < 0.3 ? 'prefect' : 'mayor',
      subject: 'nitrous_oxide',
      prohibitions: ['possession'],
      summaryFr: 'Résumé de test, sans portée.',
      signedOn: dateOf(signed),
      validFrom: dateOf(validFrom),
      validUntil: next() < 0.3 ? '' : dateOf(validFrom + Math.floor(next() * 300) * DAY),
      hoursStart: allDay ? '' : formatTime(start),
      hoursEnd: allDay ? '' : formatTime(end),
      days: next() < 0.5 ? undefined : Array.from({ length: 7 }, (_, d) => d === 0 || next() < 0.5),
      perimeter: next() < 0.2 ? '' : JSON.stringify(polygonAround(next)),
      pdf: PDF,
    });
    if (next() < 0.15 || signed > Date.parse(today)) continue; // left as a draft
    const published = Math.min(signed + Math.floor(next() * 20) * DAY, Date.parse(today));
    await publishOrder(ctx, { id, publishedOn: dateOf(published) });
    if (next() < 0.2) await withdrawOrder(ctx, { id, withdrawnOn: dateOf(published + Math.floor(next() * 200) * DAY) });
  }
  index = new OrderIndex(database.db);
});

/** The same question asked of PostGIS and plain SQL: the reference the index must agree with. */
async function referenceIds(lat: number, lon: number, at: Date): Promise<string[]> {
  const { rows } = await withTenant(database.db, tenant.id, (tx) =>
    sql<{ id: string }>`
      WITH m AS (
        SELECT local::date AS d, (extract(hour FROM local) * 60 + extract(minute FROM local))::int AS mins,
          extract(isodow FROM local)::int AS dow
        FROM (SELECT ${at.toISOString()}::timestamptz AT TIME ZONE ${ZONE} AS local) l
      ), p AS (SELECT ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326) AS pt)
      SELECT o.id FROM prevention_orders o, m, p
      WHERE o.tenant_id = quietude_tenant() AND o.published_on IS NOT NULL
        AND m.d >= o.published_on AND (o.withdrawn_on IS NULL OR m.d < o.withdrawn_on)
        AND m.d >= o.valid_from AND (o.valid_until IS NULL OR m.d <= o.valid_until)
        AND CASE
          WHEN o.hours_start IS NULL THEN o.days[m.dow]
          WHEN o.hours_start < o.hours_end THEN o.days[m.dow] AND m.mins >= o.hours_start AND m.mins < o.hours_end
          ELSE (o.days[m.dow] AND m.mins >= o.hours_start) OR (m.mins < o.hours_end AND o.days[((m.dow + 5) % 7) + 1])
        END
        AND CASE
          WHEN o.perimeter IS NULL THEN EXISTS (
            SELECT 1 FROM territories t WHERE t.tenant_id = quietude_tenant() AND t.kind = 'commune' AND ST_Covers(t.geom, p.pt))
          ELSE ST_Covers(o.perimeter, p.pt)
        END
      ORDER BY o.id`.execute(tx),
  );
  return rows.map((r) => r.id);
}

describe('the orders index', () => {
  it('agrees with PostGIS and a plain SQL time check on random points and moments', async () => {
    // Boundaries count as inside for both (turf's default, ST_Covers); random points almost never fall on one.
    const point = fc.record({
      lat: fc.integer({ min: 0, max: 1_000_000 }).map((i) => 48.56 + (i + 0.37) * 2e-7),
      lon: fc.integer({ min: 0, max: 1_000_000 }).map((i) => 6.05 + (i + 0.61) * 3e-7),
      // Whole minutes from September 2025 to the end of 2026 (when most orders are in force), DST changes included.
      at: fc.integer({ min: 0, max: 700_000 }).map((m) => new Date(Date.parse('2025-09-01T00:00:00Z') + m * 60_000)),
    });
    let prohibited = 0;
    await fc.assert(
      fc.asyncProperty(point, async ({ lat, lon, at }) => {
        const found = (await index.applicable(tenant.id, ZONE, lat, lon, at)).map((o) => o.id).sort();
        if (found.length) prohibited++;
        expect(found).toEqual(await referenceIds(lat, lon, at));
      }),
      { numRuns: 300, seed: 20261126 },
    );
    // The generated cases do exercise both answers.
    expect(prohibited).toBeGreaterThan(20);
  });

  it('answers within the hours of an evening across midnight by the day the evening started', async () => {
    const ids = await index.applicable(tenant.id, ZONE, 48.65, 6.17, new Date('2026-01-01T00:00:00Z'));
    expect(ids.map((o) => o.id).sort()).toEqual(await referenceIds(48.65, 6.17, new Date('2026-01-01T00:00:00Z')));
  });

  it('sees another instance’s write at its next check of the stamp', async () => {
    const other = new OrderIndex(database.db, 0);
    const at = new Date(`${today}T20:00:00Z`);
    const here = { lat: 48.7, lon: 6.24 };
    const before = (await other.applicable(tenant.id, ZONE, here.lat, here.lon, at)).length;
    const ctx = systemContext(database.db, tenant, new ManualClock(new Date(`${today}T12:00:00Z`)));
    const { id } = await saveOrder(ctx, {
      number: 'OTHER-1',
      title: 'Arrêté écrit par une autre instance',
      author: 'mayor',
      subject: 'alcohol',
      prohibitions: ['use'],
      summaryFr: 'Résumé de test, sans portée.',
      signedOn: today,
      validFrom: today,
      pdf: PDF,
    });
    await publishOrder(ctx, { id, publishedOn: today });
    // `index` (5 s trust) still has its copy; `other` (no trust) compares the stamp and reloads.
    const after = await other.applicable(tenant.id, ZONE, here.lat, here.lon, at);
    expect(after.length).toBe(before + 1);
    expect(after.map((o) => o.number)).toContain('OTHER-1');
  });
});
