import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Type } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyReply } from 'fastify';
import { buildApp } from '../src/app.js';
import { NearestBody, NearestQuerystring } from '../src/modules/safe-places/nearest-routes.js';
import { checkOpeningHours, OpeningSchedule } from '../src/modules/safe-places/opening-schedule.js';
import { listPublicPlaces } from '../src/modules/safe-places/place-queries.js';
import { placeKinds } from '../src/modules/safe-places/tables.js';
import { demoTenants } from '../src/platform/demo/demo-tenants.js';
import { findTenantBySlug } from '../src/platform/tenants/tenant-queries.js';
import { startServer } from '../src/server.js';
import { defaultLoad, measureRequests, measureRoute, type RequestSpec, row } from './load.js';
import { describeMachine } from './machine.js';
import { appConfig } from './platform.js';
import { markdownTable } from './results-file.js';

/** Places added on top of the demo data, spread evenly over the demo tenants. */
const PLACES = 100_000;
/** Rows per INSERT … SELECT generate_series statement (one transaction each). */
const BATCH = 2000;
/** Places are scattered uniformly over a disc of this radius around each tenant's centre. */
const SPREAD_KM = 15;
const INDEX_LOADS = 3;
/** Distinct questions the load cycles through: points within QUERY_KM of Besançon's centre, instants over the next 24 h. */
const QUERIES = 256;
const QUERY_KM = 3;
const QUERY_TENANT = 'besancon';
const QUERY_CENTRE = { lat: 47.238, lon: 6.0243 };
/** The target of the issue: `nearest` at no less than half the app's own `/health`. */
const TARGET_RATIO = 0.5;
/** Direct calls of `index.nearest()` (no HTTP) timed one by one. */
const DIRECT_CALLS = 20_000;
const LOOKUP_SECONDS = 3;
const LOOKUP_CONCURRENCY = defaultLoad.connections;

/** Realistic OSM values for partner venues (shops, bars, round-the-clock, restaurants, pharmacies, transport). */
const OPENING_HOURS = [
  'Mo-Sa 09:00-19:00',
  'Mo-Th 17:00-01:00, Fr,Sa 17:00-02:00',
  '24/7',
  'Tu-Su 11:00-14:30,18:30-23:00; PH off',
  'Mo-Fr 08:30-12:30,14:00-19:30; Sa 09:00-12:30',
  'Mo-Su 05:30-00:30',
];

const KM_PER_LAT = 110.574;
const kmPerLon = (lat: number) => 111.32 * Math.cos((lat * Math.PI) / 180);

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so that every run asks the same questions. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Server = Awaited<ReturnType<typeof startServer>>;

interface SeedFigures {
  tenants: number;
  ms: number;
  statements: number;
}

/**
 * Adds PLACES active places as the database owner, straight in SQL: INSERT … SELECT over generate_series,
 * BATCH rows a statement, each in a transaction that names its operation (the write guard wants one).
 */
export async function seedPlaces(server: Server, log: (line: string) => void): Promise<SeedFigures> {
  for (const value of OPENING_HOURS) {
    const check = checkOpeningHours(value, 'en');
    if (!check.ok) throw new Error(`Bench opening_hours "${value}" is refused: ${check.message}`);
  }
  const { pool } = server.deps.database;
  const today = server.deps.clock.now();
  const tenants: { id: string; slug: string; lat: number; lon: number }[] = [];
  for (const demo of demoTenants) {
    const row = await pool.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [demo.slug]);
    const [lon, lat] = demo.communes[0]!.centre;
    if (row.rows[0]) tenants.push({ id: row.rows[0].id, slug: demo.slug, lat, lon });
  }
  if (tenants.length === 0) throw new Error('No demo tenant found: the demo data did not load');

  const started = performance.now();
  let statements = 0;
  const client = await pool.connect();
  try {
    await client.query('SELECT setseed(0.25)');
    for (const [t, tenant] of tenants.entries()) {
      const count = Math.floor(PLACES / tenants.length) + (t < PLACES % tenants.length ? 1 : 0);
      for (let first = 1; first <= count; first += BATCH) {
        const last = Math.min(count, first + BATCH - 1);
        await client.query('BEGIN');
        try {
          await client.query(
            "SELECT set_config('quietude.operation', 'bench.seed', true), set_config('quietude.tenant_id', $1, true)",
            [tenant.id],
          );
          await client.query(
            `INSERT INTO safe_places (tenant_id, name, kind, address, geom, opening_hours, phone, wheelchair, languages,
               status, charter_signed_on, sticker_displayed, staff_briefed, hours_confirmed_on, closed_from, closed_until,
               created_at, updated_at)
             SELECT $1::uuid,
               'Lieu sûr ' || $2::text || ' n° ' || i,
               ($3::text[])[1 + (i * 7) % cardinality($3::text[])],
               i || ' rue du Banc d’Essai, ' || $2::text,
               ST_SetSRID(ST_MakePoint($5::float8 + d * sin(b) / $6::float8, $4::float8 + d * cos(b) / ${KM_PER_LAT}), 4326),
               ($7::text[])[1 + (i * 13) % cardinality($7::text[])],
               '+33 3 81 ' || lpad((i % 100)::text, 2, '0') || ' ' || lpad((i % 97)::text, 2, '0') || ' 00',
               (ARRAY['yes', 'limited', 'no', NULL])[1 + i % 4],
               CASE WHEN i % 3 = 0 THEN '{fr,en}'::text[] ELSE '{fr}'::text[] END,
               'active',
               $8::date - (random() * 170)::int,
               true,
               true,
               $8::date - (random() * 150)::int,
               -- One place in fifty is temporarily closed around today.
               CASE WHEN i % 50 = 0 THEN $8::date - 3 END,
               CASE WHEN i % 50 = 0 THEN $8::date + 10 END,
               $9::timestamptz,
               $9::timestamptz
             FROM (SELECT i, ${SPREAD_KM} * sqrt(random()) AS d, 2 * pi() * random() AS b
                   FROM generate_series($10::int, $11::int) AS i) AS g`,
            [
              tenant.id,
              tenant.slug,
              [...placeKinds],
              tenant.lat,
              tenant.lon,
              kmPerLon(tenant.lat),
              OPENING_HOURS,
              today.toISOString().slice(0, 10),
              today,
              first,
              last,
            ],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
        statements++;
      }
      log(`  ${tenant.slug}: ${count} places`);
    }
  } finally {
    client.release();
  }
  return { tenants: tenants.length, ms: performance.now() - started, statements };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

interface Question {
  lat: number;
  lon: number;
  at: string;
}

/** Points uniformly over a disc around the centre; instants spread over the next 24 hours (day and night answers). */
export function questions(now: Date): Question[] {
  const next = random(42);
  return Array.from({ length: QUERIES }, (_, i) => {
    const d = QUERY_KM * Math.sqrt(next());
    const b = 2 * Math.PI * next();
    return {
      lat: Number((QUERY_CENTRE.lat + (d * Math.cos(b)) / KM_PER_LAT).toFixed(5)),
      lon: Number((QUERY_CENTRE.lon + (d * Math.sin(b)) / kmPerLon(QUERY_CENTRE.lat)).toFixed(5)),
      at: new Date(now.getTime() + Math.floor((i * 86_400_000) / QUERIES)).toISOString(),
    };
  });
}

interface AnswerMix {
  openNearby: number;
  noneOpenNearby: number;
  outside: number;
  meanOpen: number;
  meanSoon: number;
  meanBytes: number;
}

/** What the questions get back (one POST each): proof that the load exercises real answers. */
async function answerMix(origin: string, path: string, asked: Question[]): Promise<AnswerMix> {
  const mix: AnswerMix = { openNearby: 0, noneOpenNearby: 0, outside: 0, meanOpen: 0, meanSoon: 0, meanBytes: 0 };
  for (const question of asked) {
    const response = await fetch(origin + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(question),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
    const answer = JSON.parse(text) as { open: unknown[]; opening_soon: unknown[]; message?: string };
    if (answer.message?.startsWith('This point is outside')) mix.outside++;
    else if (answer.message) mix.noneOpenNearby++;
    else mix.openNearby++;
    mix.meanOpen += answer.open.length / asked.length;
    mix.meanSoon += answer.opening_soon.length / asked.length;
    mix.meanBytes += text.length / asked.length;
  }
  return mix;
}

interface DirectFigures {
  meanUs: number;
  p50Us: number;
  p99Us: number;
  lookupUs: number;
  lookupPerSecond: number;
}

/** Where the time goes without HTTP: `index.nearest()` alone, and the tenant lookup in the database (cached by `requireTenant`). */
async function direct(server: Server, asked: Question[]): Promise<DirectFigures> {
  const { db } = server.deps.database;
  const tenant = await findTenantBySlug(db, QUERY_TENANT);
  if (!tenant) throw new Error(`No tenant ${QUERY_TENANT}`);
  const index = server.app.safePlaces;
  const queries = asked.map((q) => ({ lat: q.lat, lon: q.lon, at: new Date(q.at), limit: 10 }));
  for (let i = 0; i < 4 * queries.length; i++) index.nearest(tenant.id, queries[i % queries.length]!);
  const times: number[] = [];
  for (let i = 0; i < DIRECT_CALLS; i++) {
    const query = queries[i % queries.length]!;
    const started = performance.now();
    index.nearest(tenant.id, query);
    times.push((performance.now() - started) * 1000);
  }
  times.sort((a, b) => a - b);

  // One lookup at a time: its latency. Then as many at once as autocannon's connections: the rate the database allows.
  const lookups = 500;
  let started = performance.now();
  for (let i = 0; i < lookups; i++) await findTenantBySlug(db, QUERY_TENANT);
  const lookupUs = ((performance.now() - started) * 1000) / lookups;
  let done = 0;
  started = performance.now();
  const until = started + LOOKUP_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: LOOKUP_CONCURRENCY }, async () => {
      while (performance.now() < until) {
        await findTenantBySlug(db, QUERY_TENANT);
        done++;
      }
    }),
  );
  const lookupPerSecond = done / ((performance.now() - started) / 1000);
  return {
    meanUs: times.reduce((sum, t) => sum + t, 0) / times.length,
    p50Us: percentile(times, 50),
    p99Us: percentile(times, 99),
    lookupUs,
    lookupPerSecond,
  };
}

/** The build's unit of work: one place's hours parsed and its open intervals computed, per value of the seed. */
function scheduleCosts(zone: string, from: Date): { value: string; us: number }[] {
  const runs = 200;
  return OPENING_HOURS.map((value) => {
    for (let i = 0; i < runs / 10; i++) new OpeningSchedule(value, zone, from);
    const started = performance.now();
    for (let i = 0; i < runs; i++) new OpeningSchedule(value, zone, from);
    return { value, us: ((performance.now() - started) * 1000) / runs };
  });
}

const ms = (value: number) => `${Math.round(value)} ms`;
const us = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} µs`;
const thousands = (n: number) => Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');
const percent = (value: number) => `${(value * 100).toFixed(0)} %`;

/** The `## safe-places` section: the public finder's `nearest` over 100 000 places, beside the app's own `/health`. */
export async function benchSafePlaces(log: (line: string) => void): Promise<string> {
  const machine = describeMachine();
  const temporary = mkdtempSync(join(tmpdir(), 'quietude-bench-'));
  const onInterrupt = () => {
    rmSync(temporary, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    log('start: the app on an empty DATA_DIR (demo data)');
    const server = await startServer(appConfig(join(temporary, 'data')), () => {});
    try {
      const origin = `http://127.0.0.1:${server.port}`;
      log(`seeding ${PLACES} places`);
      const seed = await seedPlaces(server, log);
      log(`  seeded in ${ms(seed.ms)}`);

      const index = server.app.safePlaces;
      const loads: number[] = [];
      for (let i = 0; i < INDEX_LOADS; i++) {
        log(`index: load ${i + 1}/${INDEX_LOADS}`);
        const started = performance.now();
        await index.load();
        loads.push(performance.now() - started);
      }
      const indexed = index.size();
      if (indexed < PLACES) throw new Error(`The index holds ${indexed} places, fewer than the ${PLACES} seeded`);
      const reads: number[] = [];
      for (let i = 0; i < INDEX_LOADS; i++) {
        const started = performance.now();
        await listPublicPlaces(server.deps.database.db);
        reads.push(performance.now() - started);
      }
      const loadMs = median(loads);
      const readMs = median(reads);

      const path = `/api/v1/t/${QUERY_TENANT}/safe-places/nearest`;
      const asked = questions(server.deps.clock.now());
      const mix = await answerMix(origin, path, asked);
      const posts: RequestSpec[] = asked.map((q) => ({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(q),
      }));
      const gets: RequestSpec[] = asked.map((q) => ({
        method: 'GET',
        path: `${path}?lat=${q.lat}&lon=${q.lon}&at=${encodeURIComponent(q.at)}`,
      }));

      // The ceiling: a bare Fastify server, in this process, answering the same bytes to the same requests
      // (one real answer, kept) with nothing else to do — what the HTTP stack alone allows.
      const sample = await fetch(origin + posts[0]!.path, {
        method: 'POST',
        headers: posts[0]!.headers,
        body: posts[0]!.body,
      }).then((r) => r.text());
      const bare = Fastify();
      bare.post(path, async (_request, reply) => reply.type('application/json; charset=utf-8').send(sample));
      bare.get(path, async (_request, reply) => reply.type('application/json; charset=utf-8').send(sample));
      await bare.listen({ port: 0, host: '127.0.0.1' });
      const bareAddress = bare.server.address();
      const bareOrigin = `http://127.0.0.1:${typeof bareAddress === 'object' && bareAddress ? bareAddress.port : 0}`;
      log('HTTP: bare Fastify answering the same bytes (ceiling), POST then GET');
      const barePost = await measureRequests(bareOrigin, posts);
      const bareGet = await measureRequests(bareOrigin, gets);
      await bare.close();

      // The second ceiling: this app's own request path (its hooks, the route's validation, the security
      // headers) on a route of the same shape answering the same kept bytes: what is left for `nearest` itself.
      const kept = await buildApp(server.deps);
      const keptPath = `${path}-kept`;
      const keptRoute = '/api/v1/t/:slug/safe-places/nearest-kept';
      const keptAnswer = async (_request: unknown, reply: FastifyReply) =>
        reply.header('content-type', 'application/json; charset=utf-8').send(sample);
      const params = Type.Object({ slug: Type.String() });
      kept.post(keptRoute, { config: { public: true }, schema: { hide: true, params, body: NearestBody } }, keptAnswer);
      kept.get(
        keptRoute,
        { config: { public: true }, schema: { hide: true, params, querystring: NearestQuerystring } },
        keptAnswer,
      );
      await kept.listen({ port: 0, host: '127.0.0.1' });
      const keptAddress = kept.server.address();
      const keptOrigin = `http://127.0.0.1:${typeof keptAddress === 'object' && keptAddress ? keptAddress.port : 0}`;
      const toKept = (request: RequestSpec) => ({ ...request, path: request.path.replace(path, keptPath) });
      log("HTTP: this app's request path answering the same bytes (ceiling), POST then GET");
      const keptPost = await measureRequests(keptOrigin, posts.map(toKept));
      const keptGet = await measureRequests(keptOrigin, gets.map(toKept));
      await kept.close();

      log('HTTP: GET /health (baseline)');
      const health = await measureRoute(`${origin}/health`);
      log(`HTTP: POST ${path}`);
      const post = await measureRequests(origin, posts);
      log(`HTTP: GET ${path}?lat=…&lon=…&at=…`);
      const get = await measureRequests(origin, gets);
      log('HTTP: GET /health again (drift check)');
      const healthAfter = await measureRoute(`${origin}/health`);

      log('without HTTP: index.nearest() and the tenant lookup');
      const cost = await direct(server, asked);
      const schedules = scheduleCosts('Europe/Paris', server.deps.clock.now());

      const all = [health, post, get, healthAfter, barePost, bareGet, keptPost, keptGet];
      const requests = all.reduce((sum, figures) => sum + figures.requests, 0);
      const failures = all.reduce((sum, figures) => sum + figures.failures, 0);
      const baselineRps = (health.requestsPerSecond + healthAfter.requestsPerSecond) / 2;
      const drift = (healthAfter.requestsPerSecond / health.requestsPerSecond - 1) * 100;
      const postRatio = post.requestsPerSecond / baselineRps;
      const getRatio = get.requestsPerSecond / baselineRps;
      const met = (ratio: number) => (ratio >= TARGET_RATIO ? 'met' : '**missed**');
      const { connections, warmUpSeconds, seconds: loadSeconds } = defaultLoad;
      const perRequestUs = 1e6 / post.requestsPerSecond;

      return [
        `Measured ${machine}.`,
        '',
        `The app as \`npm start\` runs it (embedded database, demo data, LOG_LEVEL=silent, jobs off) with ${thousands(PLACES)} active`,
        `places added over the ${seed.tenants} demo tenants (${thousands(PLACES / seed.tenants)} each, uniformly within ${SPREAD_KM} km of`,
        `the tenant's centre; ${OPENING_HOURS.length} kinds of opening hours such as \`${OPENING_HOURS[1]}\` and \`${OPENING_HOURS[3]}\`;`,
        'charter and hours confirmation within the last 6 months; one place in fifty temporarily closed).',
        `Seeding took ${ms(seed.ms)}: SQL as the database owner, ${seed.statements} \`INSERT … SELECT generate_series\` of up to`,
        `${BATCH} rows, each in a transaction naming its operation (\`quietude.operation\`) for the write guard.`,
        '',
        '### Index build',
        '',
        markdownTable(
          ['`app.safePlaces.load()`', '>time', '>per place'],
          [
            [
              `all tenants, ${thousands(indexed)} places (median of ${INDEX_LOADS}: ${loads.map(ms).join(', ')})`,
              ms(loadMs),
              us((loadMs * 1000) / indexed),
            ],
            [
              `of which the database read, \`listPublicPlaces()\` (median of ${INDEX_LOADS})`,
              ms(readMs),
              us((readMs * 1000) / indexed),
            ],
            [
              'of which the build in memory (hours parsed, 8 days of intervals, cell grid)',
              ms(loadMs - readMs),
              us(((loadMs - readMs) * 1000) / indexed),
            ],
          ],
        ),
        '',
        `One \`new OpeningSchedule(value, 'Europe/Paris', now)\`, the build's work for one place (mean of 200, measured after the HTTP runs):`,
        '',
        markdownTable(
          ['`opening_hours`', '>per schedule'],
          schedules.map((schedule) => [`\`${schedule.value}\``, us(schedule.us)]),
        ),
        '',
        '### `nearest` over HTTP',
        '',
        `autocannon, ${connections} connections, ${warmUpSeconds} s warm-up then ${loadSeconds} s per route, one route at a time, from an`,
        `autocannon worker thread against the app on 127.0.0.1. Each connection cycles through the same ${QUERIES} questions`,
        `(varied per request with autocannon's \`requests\` array): points uniformly within ${QUERY_KM} km of Besançon's centre`,
        `(${QUERY_CENTRE.lat}, ${QUERY_CENTRE.lon}), \`at\` spread over the next 24 hours, default limit (10). POST sends`,
        '`{ lat, lon, at }` as JSON; GET the same in the query string.',
        `Of the ${QUERIES} questions, ${mix.openNearby} find an open place within 1 km and ${mix.noneOpenNearby} do not (the answer then`,
        `also lists the places opening soonest), ${mix.outside} are outside the network; on average ${mix.meanOpen.toFixed(1)} open`,
        `and ${mix.meanSoon.toFixed(1)} opening-soon places, ${thousands(mix.meanBytes)} bytes of JSON.`,
        '',
        markdownTable(
          ['route', '>req/s', '>p50 ms', '>p99 ms', '>ratio to /health'],
          [
            row('`GET /health`, before', health, baselineRps),
            row(`\`POST ${path}\``, post, baselineRps),
            row(`\`GET ${path}?lat=…&lon=…&at=…\``, get, baselineRps),
            row('`GET /health`, after', healthAfter, baselineRps),
            row('ceiling: bare Fastify, same POSTs answered with one kept answer', barePost, baselineRps),
            row('ceiling: bare Fastify, same GETs answered with one kept answer', bareGet, baselineRps),
            row("ceiling: this app's request path, same POSTs answered with one kept answer", keptPost, baselineRps),
            row("ceiling: this app's request path, same GETs answered with one kept answer", keptGet, baselineRps),
          ],
        ),
        '',
        `Ratios are to the mean of the two \`/health\` runs, ${Math.round(baselineRps)} req/s; the second differs from the first by ` +
          `${drift >= 0 ? '+' : ''}${drift.toFixed(1)} %.`,
        "Latencies are whole milliseconds (autocannon's resolution): 0 means under 1 ms.",
        failures === 0
          ? `All ${requests} responses were 2xx, without errors or timeouts.`
          : `**${failures} of ${requests} requests failed (non-2xx, error or timeout): these figures are suspect.**`,
        '',
        `Target (\`nearest\` at ≥ ${percent(TARGET_RATIO)} of \`/health\`): POST ${percent(postRatio)}, ${met(postRatio)}; ` +
          `GET ${percent(getRatio)}, ${met(getRatio)}.`,
        `Against the ceiling (a bare Fastify route sending the same ${thousands(mix.meanBytes)}-byte kind of answer, nothing else): ` +
          `POST at ${percent(post.requestsPerSecond / barePost.requestsPerSecond)} of it, GET at ` +
          `${percent(get.requestsPerSecond / bareGet.requestsPerSecond)}. The ceiling's own ratio to \`/health\` is what the ` +
          'HTTP stack alone allows for such a request and answer on this machine.',
        `This app's own request path (sessions and CSRF hooks, validation, security headers — what \`/health\` also goes ` +
          `through, but with this request and this answer) allows POST ${percent(keptPost.requestsPerSecond / baselineRps)} and GET ` +
          `${percent(keptGet.requestsPerSecond / baselineRps)} of \`/health\` before \`nearest\` does anything: the finder ` +
          `itself then takes POST to ${percent(post.requestsPerSecond / keptPost.requestsPerSecond)} and GET to ` +
          `${percent(get.requestsPerSecond / keptGet.requestsPerSecond)} of that.`,
        '',
        '### Without HTTP',
        '',
        markdownTable(
          ['call', '>mean', '>p50', '>p99'],
          [
            [
              `\`index.nearest()\` on the same questions, ${thousands(DIRECT_CALLS)} calls one by one`,
              us(cost.meanUs),
              us(cost.p50Us),
              us(cost.p99Us),
            ],
            [
              `\`findTenantBySlug()\`, the database lookup behind \`requireTenant()\` (cached 5 s per tenant), one at a time`,
              us(cost.lookupUs),
              '',
              '',
            ],
          ],
        ),
        '',
        `With ${LOOKUP_CONCURRENCY} lookups in flight at once, the embedded database answers ${thousands(cost.lookupPerSecond)} of them a second.`,
        `Over HTTP, one POST costs ${us(perRequestUs)} of the server's time (1 / req/s); \`index.nearest()\` is ` +
          `${percent(cost.meanUs / perRequestUs)} of it.`,
      ].join('\n');
    } finally {
      await server.close();
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    rmSync(temporary, { recursive: true, force: true });
  }
}
