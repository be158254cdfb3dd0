import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon } from 'geojson';
import { withTenant } from '../src/db/tenant-transaction.js';
import { toIndexed } from '../src/modules/prevention/orders/order-index.js';
import { listPublishedOrders, tenantOutline } from '../src/modules/prevention/orders/order-queries.js';
import { appliesAt, localMoment } from '../src/modules/prevention/orders/order-time.js';
import { findTenantBySlug } from '../src/platform/tenants/tenant-queries.js';
import { startServer } from '../src/server.js';
import { measureRequests, measureRoute, type RequestSpec, row } from './load.js';
import { describeMachine } from './machine.js';
import { appConfig } from './platform.js';
import { markdownTable } from './results-file.js';
import { random } from './safe-places.js';

/** Orders added to the demo commune (on top of its two demo orders). */
const ORDERS = 10_000;
const BATCH = 2000;
const TENANT = 'vandoeuvre-les-nancy';
const CENTRE = { lat: 48.6567, lon: 6.1711 };
/** Distinct questions the load cycles through: points within about 2 km of the centre, instants over the coming week. */
const QUESTIONS = 256;
const DIRECT_CALLS = 20_000;

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`);
const us = (value: number) => (value >= 100 ? `${value.toFixed(0)} µs` : `${value.toFixed(1)} µs`);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;

/** The `## prevention` section: `orders/applicable` over 10 000 orders, beside the app's own `/health` in the same run. */
export async function benchPrevention(log: (line: string) => void): Promise<string> {
  const machine = describeMachine();
  const temporary = mkdtempSync(join(tmpdir(), 'quietude-bench-'));
  try {
    log('start: the app on an empty DATA_DIR (demo data)');
    const server = await startServer(appConfig(join(temporary, 'data')), () => {});
    try {
      const origin = `http://127.0.0.1:${server.port}`;
      const { db, pool } = server.deps.database;
      const tenant = await findTenantBySlug(db, TENANT);
      if (!tenant) throw new Error(`No demo tenant ${TENANT}: the demo data did not load`);

      log(`seeding ${ORDERS} orders`);
      const seedStarted = performance.now();
      const client = await pool.connect();
      try {
        await client.query('SELECT setseed(0.5)');
        for (let first = 1; first <= ORDERS; first += BATCH) {
          const last = Math.min(ORDERS, first + BATCH - 1);
          await client.query('BEGIN');
          await client.query(
            "SELECT set_config('quietude.operation', 'bench.seed', true), set_config('quietude.tenant_id', $1, true)",
            [tenant.id],
          );
          // Squares of 30 to 200 m a side within about 2.5 km of the centre; one in a thousand on the whole commune; most at night.
          await client.query(
            `INSERT INTO prevention_orders (tenant_id, number, title, author, subject, prohibitions, summary_fr, signed_on,
               published_on, valid_from, valid_until, hours_start, hours_end, days, perimeter, created_at, updated_at)
             SELECT $1::uuid, 'BENCH-' || i, 'Arrêté de banc d’essai n° ' || i, CASE WHEN i % 50 = 0 THEN 'prefect' ELSE 'mayor' END,
               (ARRAY['nitrous_oxide', 'alcohol', 'gatherings'])[1 + i % 3], '{possession,use}', 'Résumé du banc d’essai, sans portée.',
               DATE '2025-01-01', DATE '2025-01-02', DATE '2025-01-02' + (i % 300), CASE WHEN i % 4 = 0 THEN NULL ELSE DATE '2026-06-01' + (i % 900) END,
               CASE WHEN i % 5 = 0 THEN NULL ELSE (18 + i % 5) * 60 END, CASE WHEN i % 5 = 0 THEN NULL ELSE (5 + i % 4) * 60 END,
               CASE WHEN i % 3 = 0 THEN '{f,f,f,f,t,t,f}'::boolean[] ELSE '{t,t,t,t,t,t,t}'::boolean[] END,
               CASE WHEN i % 1000 = 0 THEN NULL ELSE ST_Multi(ST_MakeEnvelope(x, y, x + s / 73500.0, y + s / 111320.0, 4326)) END,
               now(), now()
             FROM (SELECT i, $2::float8 + (random() - 0.5) * 0.068 AS x, $3::float8 + (random() - 0.5) * 0.045 AS y,
                     30 + random() * 170 AS s FROM generate_series($4::int, $5::int) AS i) g`,
            [tenant.id, CENTRE.lon, CENTRE.lat, first, last],
          );
          await client.query('COMMIT');
        }
      } finally {
        client.release();
      }
      const seedMs = performance.now() - seedStarted;
      const index = server.app.preventionOrders;
      const loadStarted = performance.now();
      await index.refresh(tenant.id);
      const loadMs = performance.now() - loadStarted;
      const indexed = index.size(tenant.id);
      if (indexed < ORDERS) throw new Error(`The index holds ${indexed} orders, fewer than the ${ORDERS} seeded`);

      const next = random(20261126);
      const now = server.deps.clock.now().getTime();
      const questions = Array.from({ length: QUESTIONS }, () => ({
        lat: CENTRE.lat + (next() - 0.5) * 0.036,
        lon: CENTRE.lon + (next() - 0.5) * 0.054,
        at: new Date(now + Math.floor(next() * 7 * 24 * 60) * 60_000).toISOString(),
      }));

      // In process: the index against a plain scan of every order (turf on each perimeter, same time rule).
      const rows = await withTenant(db, tenant.id, listPublishedOrders);
      const all = rows.map((r, i) => toIndexed(r, i));
      const outline = (await withTenant(db, tenant.id, tenantOutline)) as string;
      const outlineGeometry = JSON.parse(outline) as MultiPolygon;
      const scan = (q: (typeof questions)[number]) => {
        const moment = localMoment(new Date(q.at), tenant.time_zone);
        return all.filter((o) => appliesAt(o.rule, moment) && booleanPointInPolygon([q.lon, q.lat], o.area ?? outlineGeometry))
          .length;
      };
      let agree = 0;
      let prohibited = 0;
      let answered = 0;
      for (const q of questions) {
        const found = (await index.applicable(tenant.id, tenant.time_zone, q.lat, q.lon, new Date(q.at))).length;
        if (found === scan(q)) agree++;
        if (found > 0) prohibited++;
        answered += found;
      }
      const time = async (f: (q: (typeof questions)[number]) => unknown, calls: number) => {
        const times: number[] = [];
        for (let i = 0; i < calls; i++) {
          const q = questions[i % QUESTIONS] as (typeof questions)[number];
          const started = performance.now();
          await f(q);
          times.push((performance.now() - started) * 1000);
        }
        times.sort((a, b) => a - b);
        return {
          mean: times.reduce((s, v) => s + v, 0) / times.length,
          p50: percentile(times, 0.5),
          p99: percentile(times, 0.99),
        };
      };
      log('in process: plain scan, then the index');
      const scanTimes = await time(scan, 2000);
      const indexTimes = await time(
        (q) => index.applicable(tenant.id, tenant.time_zone, q.lat, q.lon, new Date(q.at)),
        DIRECT_CALLS,
      );

      const path = `/api/v1/t/${TENANT}/prevention/orders/applicable`;
      const posts: RequestSpec[] = questions.map((q) => ({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(q),
      }));
      log('HTTP: GET /health (baseline)');
      const health = await measureRoute(`${origin}/health`);
      log(`HTTP: POST ${path}`);
      const applicable = await measureRequests(origin, posts);
      log('HTTP: GET /health again (drift check)');
      const healthAfter = await measureRoute(`${origin}/health`);
      const failures = health.failures + applicable.failures + healthAfter.failures;
      const baseline = (health.requestsPerSecond + healthAfter.requestsPerSecond) / 2;
      const ratio = applicable.requestsPerSecond / baseline;

      return [
        `Measured ${machine}`,
        '',
        `${ORDERS.toLocaleString('en')} orders added to the demo commune ${TENANT} (squares of 30 to 200 m within about 2.5 km of its centre, ten on the whole commune, most with night hours, some only on Friday and Saturday nights, validities spread over 2025–2028), seeded in ${ms(seedMs)} straight in SQL; the index (Flatbush over the perimeters' boxes, turf for the exact test, time rules in Europe/Paris) loaded in ${ms(loadMs)}. ${QUESTIONS} questions (points within about 2 km of the centre, moments over the coming week, seeded: the same every run); ${prohibited} of them get at least one order (${(answered / QUESTIONS).toFixed(1)} orders an answer on average). The index and a plain scan of every order gave the same count for ${agree} of ${QUESTIONS}.`,
        '',
        '### In process',
        '',
        markdownTable(
          ['one question', 'mean', 'p50', 'p99', 'ratio to the scan'],
          [
            ['plain scan over the 10 002 orders (baseline)', us(scanTimes.mean), us(scanTimes.p50), us(scanTimes.p99), '1.0'],
            [
              '`OrderIndex.applicable`',
              us(indexTimes.mean),
              us(indexTimes.p50),
              us(indexTimes.p99),
              `${(scanTimes.mean / indexTimes.mean).toFixed(0)}× faster`,
            ],
          ],
        ),
        '',
        "The index's mean includes its comparison of the database's stamp (one round trip, at most every 5 s) and the machine's load (shared, see the load average); its p50 is the answer from memory.",
        '',
        '### Over HTTP',
        '',
        `autocannon, 10 connections, 2 s warm-up then 10 s, from a worker thread of the same process; the app serves on the embedded database (PGlite in its worker thread), which the answer does not touch (the index is in memory; its stamp is compared at most every 5 s).`,
        '',
        markdownTable(
          ['route', 'req/s', 'p50 ms', 'p99 ms', 'ratio to /health'],
          [
            row('GET /health (baseline)', health, baseline),
            row(`POST ${path}`, applicable, baseline),
            row('GET /health again (drift)', healthAfter, baseline),
          ],
        ),
        '',
        `Failures (non-2xx, errors, timeouts): ${failures}. \`orders/applicable\` answered at ${ratio.toFixed(2)}× the rate of the app's own \`/health\`.`,
      ].join('\n');
    } finally {
      await server.close();
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}
