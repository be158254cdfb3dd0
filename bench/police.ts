import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { createDatabase, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { withTenant } from '../src/db/tenant-transaction.js';
import { type EntryFilter, listEntries } from '../src/modules/police/main-courante/entry-queries.js';
import { describeMachine } from './machine.js';
import { markdownTable } from './results-file.js';

/** The issue's scale: a main courante of one million entries. */
const ENTRIES = 1_000_000;
const AGENTS = 40;
/** Entries spread over this many days before NOW (about 8 years: a large city's log, elimination lists not yet run). */
const DAYS = 2920;
const NOW = new Date('2026-11-25T12:00:00Z');
const ROUNDS = 40;
const WARM_UP = 5;

interface Query {
  name: string;
  filter: (agent: string) => EntryFilter;
  offset?: number;
}

const day = (d: string) => new Date(`${d}T00:00:00+01:00`);
/** What the list page asks: the first page, filters alone and together, a far page. */
const queries: Query[] = [
  { name: 'first page, no filter', filter: () => ({}) },
  { name: 'one month', filter: () => ({ from: day('2026-10-01'), to: day('2026-11-01') }) },
  { name: 'nature', filter: () => ({ nature: 'tapage' }) },
  { name: 'nature + one month', filter: () => ({ nature: 'tapage', from: day('2026-10-01'), to: day('2026-11-01') }) },
  { name: 'judicial, not validated', filter: () => ({ kind: 'judicial', validated: false }) },
  { name: 'one agent', filter: (agent) => ({ agent }) },
  { name: 'page 100 (offset 4 950)', filter: () => ({}), offset: 4950 },
];

interface Timing {
  p50: number;
  p95: number;
  rows: number;
}

async function time(db: Database['db'], tenantId: string, query: Query, agent: string): Promise<Timing> {
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < WARM_UP + ROUNDS; i++) {
    const started = performance.now();
    const result = await withTenant(db, tenantId, (tx) =>
      listEntries(tx, query.filter(agent), { limit: 50, offset: query.offset ?? 0 }),
    );
    if (i >= WARM_UP) samples.push(performance.now() - started);
    rows = result.rows.length;
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { p50: at(0.5), p95: at(0.95), rows };
}

/** One tenant, its agents and a NATINF code; the rows are written by the owner inside a transaction that names itself. */
async function setUp(db: Database['db']) {
  const tenant = await db
    .insertInto('tenants')
    .values({
      slug: 'bench-police',
      name: 'Banc d’essai police',
      kind: 'commune',
      insee_code: null,
      siren: null,
      population: null,
      programmes: ['police'],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const agents = await db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('quietude.tenant_id', ${tenant.id}, true), set_config('quietude.operation', 'bench.police', true)`.execute(
      tx,
    );
    return tx
      .insertInto('police_agents')
      .values(
        Array.from({ length: AGENTS }, (_, i) => ({
          tenant_id: tenant.id,
          staff_number: `BENCH-${i + 1}`,
          family_name: `Banc ${i + 1}`,
          given_name: 'Agent',
          user_id: null,
          created_at: NOW,
        })),
      )
      .returning('id')
      .execute();
  });
  await db
    .insertInto('natinf_codes')
    .values({ code: 90001, label: 'Code de banc d’essai', source: 'demo', updated_at: NOW })
    .execute();
  return { tenantId: tenant.id, agents: agents.map((a) => a.id) };
}

/** A million entries and their agents in two INSERT … SELECT over generate_series: no round trip per row. */
async function fill(db: Database['db'], tenantId: string, agents: string[]) {
  await db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('quietude.tenant_id', ${tenantId}, true), set_config('quietude.operation', 'bench.police', true)`.execute(
      tx,
    );
    const natures = ['violences', 'vol', 'degradation', 'tapage', 'ivresse', 'stupefiants', 'stationnement', 'depot-sauvage'];
    const missions = ['tranquillite-vacances', 'fourriere', 'objets-trouves', 'sortie-ecole', 'surveillance-voie-publique'];
    await sql`
      INSERT INTO main_courante_entries (tenant_id, year, number, kind, nature, natinf_code, source, called_at, arrived_at, ended_at,
        geom, vehicles, findings, follow_up, created_by, created_at, updated_at, validated_by, validated_at)
      SELECT ${tenantId}::uuid, extract(year FROM at)::int, row_number() OVER (PARTITION BY extract(year FROM at) ORDER BY at),
        CASE WHEN j THEN 'judicial' ELSE 'administrative' END,
        CASE WHEN j THEN (${sql.val(natures)}::text[])[1 + g % ${natures.length}] ELSE (${sql.val(missions)}::text[])[1 + g % ${missions.length}] END,
        CASE WHEN j THEN 90001 END,
        (ARRAY['call', 'cctv', 'patrol', 'walk_in'])[1 + g % 4], at, at + make_interval(mins => 5 + g % 30),
        at + make_interval(mins => 20 + g % 90),
        ST_SetSRID(ST_MakePoint(4.83 + ((g::bigint * 7919) % 1000) / 20000.0, 45.75 + ((g::bigint * 104729) % 1000) / 20000.0), 4326),
        '{}', 'Entrée de banc d’essai.', '{}', 'bench', at, at,
        CASE WHEN at < ${NOW}::timestamptz - interval '7 days' THEN 'bench' END,
        CASE WHEN at < ${NOW}::timestamptz - interval '7 days' THEN at + interval '1 day' END
      FROM (
        SELECT g, g % 3 <> 0 AS j, ${NOW}::timestamptz - make_interval(secs => (g::bigint * ${Math.floor((DAYS * 86400) / ENTRIES)}) % ${DAYS * 86400}) AS at
        FROM generate_series(1, ${ENTRIES}) AS g
      ) s`.execute(tx);
    await sql`
      INSERT INTO main_courante_entry_agents (entry_id, tenant_id, agent_id)
      SELECT e.id, e.tenant_id, (${sql.val(agents)}::uuid[])[1 + (e.number % ${agents.length})]
      FROM main_courante_entries e`.execute(tx);
  });
  await sql`ANALYZE main_courante_entries`.execute(db);
  await sql`ANALYZE main_courante_entry_agents`.execute(db);
}

const ms = (v: number) => v.toFixed(2);

/** The `## police` section: listing and filtering a main courante of a million entries, beside the same on an empty table. */
export async function benchPolice(log: (line: string) => void): Promise<string> {
  const machine = describeMachine();
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl)
    return [
      `Measured ${machine}.`,
      '',
      '**Not measured in this run: `BENCH_DATABASE_URL` was not set.** Set it to a PostgreSQL server with PostGIS (a role that',
      'may create databases) and run `npm run bench -- police`.',
    ].join('\n');
  const name = `quietude_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = createDatabase('postgres', { connectionString: url.toString() });
  try {
    await migrate(database.pool);
    const { db } = database;
    const { tenantId, agents } = await setUp(db);
    log('empty table: timing');
    const empty: Timing[] = [];
    for (const q of queries) empty.push(await time(db, tenantId, q, agents[0]!));
    log(`filling ${ENTRIES} entries`);
    const started = performance.now();
    await fill(db, tenantId, agents);
    const fillSeconds = (performance.now() - started) / 1000;
    log(`filled in ${fillSeconds.toFixed(1)} s; timing`);
    const full: Timing[] = [];
    for (const q of queries) full.push(await time(db, tenantId, q, agents[0]!));
    const version = (await sql<{ v: string }>`SELECT version() AS v`.execute(db)).rows[0]?.v.split(',')[0] ?? '';
    return [
      `Measured ${machine}.`,
      '',
      `PostgreSQL (${version}), a new database \`quietude_bench_<random>\` on the server of \`BENCH_DATABASE_URL\``,
      `(${url.protocol}//${url.username ? `${url.username}@` : ''}${url.host}), migrated, dropped afterwards. One tenant with ${AGENTS} agents.`,
      `Each query is the list page's own (\`listEntries\`: a page of 50, newest call first, inside \`withTenant\` — the`,
      'transaction, `SET LOCAL ROLE quietude_app` and the tenant setting, so row-level security applies), timed from the',
      `application over the \`pg\` pool: ${WARM_UP} warm-up runs, then ${ROUNDS}; median and 95th percentile in ms.`,
      `The baseline is the same query on the same, **empty** table, measured first in the same run; then ${ENTRIES.toLocaleString('en')}`,
      `entries (two thirds judicial, calls spread over ${DAYS} days, one agent each, validated unless less than a week old) are`,
      `written with \`INSERT … SELECT generate_series\` in ${fillSeconds.toFixed(1)} s, with their agent links, and the tables analysed.`,
      '',
      markdownTable(
        ['query', '>rows', '>empty p50', '>empty p95', '>1 M p50', '>1 M p95', '>ratio p50'],
        queries.map((q, i) => [
          q.name,
          String(full[i]!.rows),
          ms(empty[i]!.p50),
          ms(empty[i]!.p95),
          ms(full[i]!.p50),
          ms(full[i]!.p95),
          `${(full[i]!.p50 / empty[i]!.p50).toFixed(1)}×`,
        ]),
      ),
      '',
      'The filters that follow an index (date, nature + date, the first pages) stay near the empty table’s cost: the index on',
      '`(tenant_id, called_at DESC)` gives the newest rows first and the scan stops after 51. Filters that are rare or',
      'spread out have to walk further along it before 51 rows match; a far page pays for the rows it skips (offset).',
      'The load average at start says how busy the machine was (other work shares it): compare medians within the run; the',
      '95th percentiles are noisy.',
    ].join('\n');
  } finally {
    await database.close();
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
    log(`database ${name} dropped`);
  }
}
