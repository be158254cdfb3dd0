import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { withTenant } from '../src/db/tenant-transaction.js';
import { userActor } from '../src/platform/access/load-actor.js';
import { createApiToken } from '../src/platform/accounts/api-tokens.js';
import { demoEmail } from '../src/platform/demo/demo-tenants.js';
import { requireTenant } from '../src/platform/tenants/tenant-queries.js';
import { startServer } from '../src/server.js';
import { defaultLoad, type LoadFigures, measureRequests, measureRoute, type RequestSpec, row } from './load.js';
import { describeMachine } from './machine.js';
import { appConfig } from './platform.js';
import { markdownTable } from './results-file.js';
import { random } from './safe-places.js';
import { measureWriteCeilings, type WriteCeilings } from './write-ceilings.js';

const TENANT = 'besancon';
const CENTRE = { lat: 47.238, lon: 6.0243 };
/** Reports are placed uniformly over a disc of this radius around Besançon's centre (inside its demo outline). */
const SPREAD_KM = 2;
/** Distinct reports each connection cycles through. */
const REPORTS = 256;
const CATEGORY = 'degradation';
/** The issue's target, on PostgreSQL: a report POST at no less than a quarter of the app's own `/health`. */
const TARGET_RATIO = 0.25;
/** The abuse limits, raised for the bench (both are at most 100 000). */
const LIMITS = { OPEN311_POSTS_PER_MINUTE: '100000', REPORTS_PER_CLIENT_PER_HOUR: '100000' };
/** POSTs sent one after the other (no concurrency) to time one and count its SQL statements. */
const ONE_BY_ONE = 100;
const OPEN311_PATH = '/open311/v2/requests.json';
const FORM_PATH = `/t/${TENANT}/signaler`;

const KM_PER_LAT = 110.574;
const kmPerLon = (lat: number) => 111.32 * Math.cos((lat * Math.PI) / 180);

const DESCRIPTIONS = [
  'Abribus cassé, vitre au sol.',
  'Tags sur la façade de l’école.',
  'Poubelles renversées et incendiées.',
  'Banc arraché près de l’aire de jeux.',
  'Boîte aux lettres forcée dans le hall.',
  'Rétroviseurs cassés sur plusieurs voitures.',
];

interface Report {
  lat: number;
  lon: number;
  description: string;
}

/** The same reports every run: points uniformly over the disc, descriptions in turn (numbered, so none is identical). */
function reports(): Report[] {
  const next = random(311);
  return Array.from({ length: REPORTS }, (_, i) => {
    const d = SPREAD_KM * Math.sqrt(next());
    const b = 2 * Math.PI * next();
    return {
      lat: Number((CENTRE.lat + (d * Math.cos(b)) / KM_PER_LAT).toFixed(5)),
      lon: Number((CENTRE.lon + (d * Math.sin(b)) / kmPerLon(CENTRE.lat)).toFixed(5)),
      description: `${DESCRIPTIONS[i % DESCRIPTIONS.length]} (banc d’essai, n° ${i + 1})`,
    };
  });
}

type Server = Awaited<ReturnType<typeof startServer>>;

/**
 * An API token of Besançon holding `reports.intake`, made as the platform makes one: `createApiToken` acting as the
 * demo admin (a staff member with `reports.intake` who may manage tokens; the coordinator may not).
 */
async function apiKey(server: Server): Promise<string> {
  const { db, pool } = server.deps.database;
  const tenant = await requireTenant(db, TENANT);
  const email = demoEmail('admin', TENANT);
  const user = await pool.query<{ id: string; email: string; display_name: string }>(
    'SELECT id, email, display_name FROM users WHERE email = $1',
    [email],
  );
  const found = user.rows[0];
  if (!found) throw new Error(`No demo user ${email}: the demo data did not load`);
  const actor = await userActor(db, tenant, { id: found.id, email: found.email, displayName: found.display_name });
  const { token } = await createApiToken(
    { db, clock: server.deps.clock, actor, tenant },
    { name: 'Banc d’essai', permissions: ['reports.intake'] },
  );
  return token;
}

function open311Requests(key: string, asked: Report[]): RequestSpec[] {
  return asked.map((report) => ({
    method: 'POST',
    path: OPEN311_PATH,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      jurisdiction_id: TENANT,
      api_key: key,
      service_code: CATEGORY,
      lat: String(report.lat),
      long: String(report.lon),
      description: report.description,
    }).toString(),
  }));
}

/** The public form as a browser sends it: one GET of the page for the CSRF cookie and token, then multipart posts. */
async function formRequests(origin: string, asked: Report[]): Promise<RequestSpec[]> {
  const page = await fetch(`${origin}${FORM_PATH}?categorie=${CATEGORY}`);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`GET ${FORM_PATH} answered ${page.status}`);
  const cookie = page.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!cookie || !csrf) throw new Error(`GET ${FORM_PATH} gave no CSRF cookie or token`);
  const boundary = `quietude-bench-${randomBytes(8).toString('hex')}`;
  return asked.map((report) => {
    const fields: [string, string][] = [
      ['_csrf', csrf],
      ['category', CATEGORY],
      ['lat', String(report.lat)],
      ['lon', String(report.lon)],
      ['description', report.description],
    ];
    const body = fields
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('');
    return {
      method: 'POST',
      path: FORM_PATH,
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: `${body}--${boundary}--\r\n`,
    };
  });
}

/** Besançon's reports by source ('open311', 'web'…), read as the app reads them (the tenant's rows only). */
async function countBySource(server: Server): Promise<Map<string, number>> {
  const { db } = server.deps.database;
  const tenant = await requireTenant(db, TENANT);
  const rows = await withTenant(db, tenant.id, (tx) =>
    tx
      .selectFrom('reports')
      .select(['source', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('source')
      .execute(),
  );
  return new Map(rows.map((r) => [String(r.source), Number(r.n)]));
}

interface OneByOne {
  meanMs: number;
  /** SQL statements the app sent per POST (BEGIN, COMMIT and set_config included), counted in `pg.Client#query`. */
  statements: number;
}

/**
 * ONE_BY_ONE POSTs one after the other: a POST's latency alone, and the statements it sends to the database. Both
 * engines are reached through `pg` (the embedded one over its socket), so counting `pg.Client#query` calls in this
 * process counts the app's statements.
 */
async function oneByOne(origin: string, specs: RequestSpec[], status: number): Promise<OneByOne> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let statements = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    statements++;
    return original.apply(this, args);
  };
  try {
    const started = performance.now();
    for (let i = 0; i < ONE_BY_ONE; i++) {
      const spec = specs[i % specs.length]!;
      const response = await fetch(origin + spec.path, {
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        redirect: 'manual',
      });
      await response.arrayBuffer();
      if (response.status !== status) throw new Error(`${spec.method} ${spec.path} answered ${response.status}, not ${status}`);
    }
    return { meanMs: (performance.now() - started) / ONE_BY_ONE, statements: statements / ONE_BY_ONE };
  } finally {
    proto.query = original;
  }
}

interface EngineRun {
  engine: string;
  health: LoadFigures;
  open311: LoadFigures;
  form: LoadFigures;
  healthAfter: LoadFigures;
  written: { open311: number; form: number };
  alone: { open311: OneByOne; form: OneByOne };
  /** PostgreSQL only: what a bare server writing each POST in one transaction allows (see write-ceilings.ts). */
  ceilings?: WriteCeilings;
}

async function runEngine(name: string, env: Record<string, string>, dataDir: string, log: (line: string) => void) {
  log(`${name}: start on an empty database (migrations, demo data)`);
  const server = await startServer(appConfig(dataDir, { ...LIMITS, ...env }), () => {});
  try {
    const origin = `http://127.0.0.1:${server.port}`;
    const versions = await server.deps.database.pool.query<{ server: string; postgis: string; fsync: string; commit: string }>(
      `SELECT current_setting('server_version') AS server, postgis_lib_version() AS postgis,
              current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS commit`,
    );
    const v = versions.rows[0]!;
    const engine = `PostgreSQL ${v.server.split(' ')[0]} with PostGIS ${v.postgis}, \`fsync=${v.fsync}\`, \`synchronous_commit=${v.commit}\``;
    const asked = reports();
    const key = await apiKey(server);
    const open311Specs = open311Requests(key, asked);
    const formSpecs = await formRequests(origin, asked);
    const before = await countBySource(server);

    log(`${name}: GET /health (baseline)`);
    const health = await measureRoute(`${origin}/health`);
    log(`${name}: POST ${OPEN311_PATH}`);
    const open311 = await measureRequests(origin, open311Specs);
    log(`${name}: POST ${FORM_PATH}`);
    const form = await measureRequests(origin, formSpecs, defaultLoad, 303);
    log(`${name}: GET /health again (drift check)`);
    const healthAfter = await measureRoute(`${origin}/health`);

    const after = await countBySource(server);
    const added = (source: string) => (after.get(source) ?? 0) - (before.get(source) ?? 0);
    // After the count: these write reports too.
    log(`${name}: ${ONE_BY_ONE} POSTs of each, one at a time`);
    const alone = { open311: await oneByOne(origin, open311Specs, 200), form: await oneByOne(origin, formSpecs, 303) };
    let ceilings: WriteCeilings | undefined;
    if (env.DATABASE_URL) {
      log(`${name}: ceilings, a bare server writing each POST in one transaction (plain, then chained)`);
      ceilings = await measureWriteCeilings(env.DATABASE_URL, open311Specs);
    }
    const run: EngineRun = {
      engine,
      health,
      open311,
      form,
      healthAfter,
      written: { open311: added('open311'), form: added('web') },
      alone,
      ceilings,
    };
    return run;
  } finally {
    await server.close();
  }
}

/** A new database on the server of `serverUrl`, and the URL that reaches it. */
async function createBenchDatabase(serverUrl: string): Promise<{ name: string; url: string }> {
  const name = `quietude_bench_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function dropBenchDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

const percent = (value: number) => `${(value * 100).toFixed(0)} %`;
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)} %`;
/** What is in the server's URL, less any password. */
const redacted = (serverUrl: string) => {
  const url = new URL(serverUrl);
  url.password = '';
  return `${url.protocol}//${url.username ? `${url.username}@` : ''}${url.host}`;
};

function engineSection(title: string, run: EngineRun, target: boolean): string[] {
  const { health, open311, form, healthAfter, written } = run;
  const baselineRps = (health.requestsPerSecond + healthAfter.requestsPerSecond) / 2;
  const drift = (healthAfter.requestsPerSecond / health.requestsPerSecond - 1) * 100;
  const all = [health, open311, form, healthAfter, ...(run.ceilings ? [run.ceilings.insert, run.ceilings.chained] : [])];
  const requests = all.reduce((sum, figures) => sum + figures.requests, 0);
  const failures = all.reduce((sum, figures) => sum + figures.failures, 0);
  // autocannon closes its connections when a run ends (warm-up, measurement): a request in flight then is written
  // without its answer being counted, so each route may write up to `connections` more reports per run than it answered.
  const slack = 2 * defaultLoad.connections;
  const durable = (wrote: number, answered: number) => wrote >= answered && wrote - answered <= slack;
  const open311Ratio = open311.requestsPerSecond / baselineRps;
  const formRatio = form.requestsPerSecond / baselineRps;
  const met = (ratio: number) => (ratio >= TARGET_RATIO ? 'met' : '**missed**');
  const lines = [
    `### ${title}`,
    '',
    `Engine: ${run.engine} (its \`server_version\`, \`postgis_lib_version()\` and settings).`,
    '',
    markdownTable(
      ['route', '>req/s', '>p50 ms', '>p99 ms', '>ratio to /health'],
      [
        row('`GET /health`, before', health, baselineRps),
        row(`\`POST ${OPEN311_PATH}\` (Open311, 200)`, open311, baselineRps),
        row(`\`POST ${FORM_PATH}\` (the public form, 303)`, form, baselineRps),
        row('`GET /health`, after', healthAfter, baselineRps),
        ...(run.ceilings
          ? [
              row('ceiling: bare Fastify, one INSERT a POST in a transaction', run.ceilings.insert, baselineRps),
              row('ceiling: the same plus a per-tenant chained row under a lock', run.ceilings.chained, baselineRps),
            ]
          : []),
      ],
    ),
    '',
    `Ratios are to the mean of the two \`/health\` runs, ${Math.round(baselineRps)} req/s; the second differs from the first by ${signed(drift)}.`,
    "Latencies are whole milliseconds (autocannon's resolution): 0 means under 1 ms.",
    failures === 0
      ? `All ${requests} responses had the expected status (200, or 303 for the form), without errors or timeouts.`
      : `**${failures} of ${requests} requests failed (unexpected status, error or timeout): these figures are suspect.**`,
    '',
    `Reports of ${TENANT} written during the run (counted in the database afterwards, by source): Open311 ${written.open311} for ` +
      `${open311.answered} answers 200, the form ${written.form} for ${form.answered} answers 303 (checks, warm-up and measurement).`,
    durable(written.open311, open311.answered) && durable(written.form, form.answered)
      ? `Every confirmed report is stored; the few more writes than answers (at most ${slack} a route) are the requests in flight when autocannon closed its connections at the end of the warm-up and of the measurement.`
      : `**The counts do not match (fewer writes than answers, or more than ${slack} extra): a confirmed report may be missing.**`,
  ];
  const cost = (figures: LoadFigures) => (1000 / figures.requestsPerSecond).toFixed(1);
  lines.push(
    '',
    `One at a time (${ONE_BY_ONE} POSTs, after the count): Open311 ${run.alone.open311.meanMs.toFixed(1)} ms a POST and ` +
      `${run.alone.open311.statements.toFixed(1)} SQL statements; the form ${run.alone.form.meanMs.toFixed(1)} ms and ` +
      `${run.alone.form.statements.toFixed(1)} statements. Under load a POST costs ${cost(open311)} ms (Open311) and ` +
      `${cost(form)} ms (form) of the server's time (1 / req/s), against ${(1000 / baselineRps).toFixed(2)} ms for \`/health\`.`,
  );
  if (target)
    lines.push(
      '',
      `Target (a report POST at ≥ ${percent(TARGET_RATIO)} of \`/health\` on PostgreSQL): Open311 ${percent(open311Ratio)}, ${met(open311Ratio)}; ` +
        `the form ${percent(formRatio)}, ${met(formRatio)}.`,
    );
  if (run.ceilings) {
    const { insert, chained } = run.ceilings;
    lines.push(
      '',
      `The ceilings are a bare Fastify server in the bench process, same ${defaultLoad.connections} connections and the same Open311 bodies, ` +
        `with a pool of ${defaultLoad.connections} connections to the same database: each POST is one transaction (BEGIN, one ` +
        'INSERT of the four fields, COMMIT, the commit flushed to disk as the server is configured) and answers 200 with the id; ' +
        'the second adds what keeps an audit chain in order (an advisory lock per tenant, the last row read, one row appended). ' +
        `Nothing else: no routing, no rate limit, no permission, no audit of its own. They reach ${percent(insert.requestsPerSecond / baselineRps)} ` +
        `and ${percent(chained.requestsPerSecond / baselineRps)} of \`/health\`: what any durable write acknowledged after its commit ` +
        `can reach on this machine. The app's Open311 POST is at ${percent(open311.requestsPerSecond / insert.requestsPerSecond)} of the ` +
        `first and ${percent(open311.requestsPerSecond / chained.requestsPerSecond)} of the second.`,
    );
  }
  return lines;
}

/** The `## reports` section: a report's POST, Open311 and the public form, beside `/health`, on both engines. */
export async function benchReports(log: (line: string) => void): Promise<string> {
  const machine = describeMachine();
  const serverUrl = process.env.BENCH_DATABASE_URL || undefined;
  const temporary = mkdtempSync(join(tmpdir(), 'quietude-bench-'));
  let benchDatabase: string | undefined;
  const onInterrupt = () => {
    rmSync(temporary, { recursive: true, force: true });
    const exit = () => process.exit(130);
    if (serverUrl && benchDatabase) dropBenchDatabase(serverUrl, benchDatabase).then(exit, exit);
    else exit();
  };
  process.once('SIGINT', onInterrupt);
  try {
    const embedded = await runEngine('embedded', {}, join(temporary, 'data'), log);
    let postgres: EngineRun | undefined;
    if (serverUrl) {
      const created = await createBenchDatabase(serverUrl);
      benchDatabase = created.name;
      log(`PostgreSQL: database ${created.name} created`);
      try {
        postgres = await runEngine('PostgreSQL', { DATABASE_URL: created.url }, join(temporary, 'unused'), log);
      } finally {
        await dropBenchDatabase(serverUrl, created.name);
        benchDatabase = undefined;
        log(`PostgreSQL: database ${created.name} dropped`);
      }
    } else log('PostgreSQL: BENCH_DATABASE_URL is not set, no PostgreSQL run');

    const { connections, warmUpSeconds, seconds: loadSeconds } = defaultLoad;
    const lengths = reports().map((report) => report.description.length);
    return [
      `Measured ${machine}.`,
      '',
      'The app as `npm start` runs it (demo data, LOG_LEVEL=silent, jobs off), started on an empty database for each engine:',
      'the embedded one (PGlite in a worker thread, on a new DATA_DIR), then PostgreSQL' +
        (serverUrl
          ? ` (a new database \`quietude_bench_<random>\` on the server of \`BENCH_DATABASE_URL\`, ${redacted(serverUrl)}, dropped afterwards).`
          : ' when `BENCH_DATABASE_URL` names a server.'),
      'Each start migrates and loads the demo data. The abuse limits are raised for the run:',
      `\`OPEN311_POSTS_PER_MINUTE=${LIMITS.OPEN311_POSTS_PER_MINUTE}\` (counted per api_key, and the bench posts with one key) and`,
      `\`REPORTS_PER_CLIENT_PER_HOUR=${LIMITS.REPORTS_PER_CLIENT_PER_HOUR}\` (counted per client address, and every request comes from 127.0.0.1);`,
      'both limits are still checked, one upsert in `rate_limit_hits` per POST, on a single hot row.',
      '',
      `autocannon, ${connections} connections, ${warmUpSeconds} s warm-up then ${loadSeconds} s per route, one route at a time, from an`,
      `autocannon worker thread against the app on 127.0.0.1. Each connection cycles through the same ${REPORTS} reports of`,
      `category \`${CATEGORY}\`: points uniformly within ${SPREAD_KM} km of Besançon's centre (${CENTRE.lat}, ${CENTRE.lon}), inside its demo`,
      `outline, and ${DESCRIPTIONS.length} descriptions in turn, numbered (${Math.min(...lengths)} to ${Math.max(...lengths)} characters). Every POST writes a report (routed, audited) in one transaction.`,
      '',
      `- Open311: \`POST ${OPEN311_PATH}\`, \`application/x-www-form-urlencoded\` with \`jurisdiction_id=${TENANT}\`, \`api_key\`,`,
      `  \`service_code\`, \`lat\`, \`long\` and \`description\`, answered 200 with the new request's id. The key is an API token of`,
      `  ${TENANT} holding \`reports.intake\`, made with \`createApiToken\` as the demo admin (\`${demoEmail('admin', TENANT)}\`; the`,
      '  coordinator holds `reports.intake` but may not manage tokens). Each POST looks the token up by its hash.',
      `- The public form: \`POST ${FORM_PATH}\`, \`multipart/form-data\` with \`_csrf\`, \`category\`, \`lat\`, \`lon\` and`,
      '  `description` (no photo, no contact), the CSRF cookie and token taken from one `GET` of the page; answered 303 to the',
      '  follow-up page (not fetched). Each POST also notifies the receiving organisation (no SMTP_URL: the mail goes to the silent log).',
      '',
      ...engineSection('Embedded (PGlite)', embedded, false),
      '',
      ...(postgres
        ? engineSection('PostgreSQL', postgres, true)
        : [
            '### PostgreSQL',
            '',
            '**Not measured in this run: `BENCH_DATABASE_URL` was not set.** Set it to a PostgreSQL server with PostGIS, such as',
            '`postgres://postgres@127.0.0.1:5432/postgres` (a role that may create databases), and run `npm run bench -- reports`.',
            `The target (a report POST at ≥ ${percent(TARGET_RATIO)} of \`/health\` on PostgreSQL) is therefore not assessed.`,
          ]),
    ].join('\n');
  } finally {
    process.off('SIGINT', onInterrupt);
    rmSync(temporary, { recursive: true, force: true });
  }
}
