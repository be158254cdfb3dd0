import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open-database.js';
import { actAsTenant, withTenant } from '../src/db/tenant-transaction.js';
import { type MediationReport, mediationReport } from '../src/modules/mediation/report-figures.js';
import { upsertTerritory } from '../src/platform/territories/territory-queries.js';
import { describeMachine } from './machine.js';
import { markdownTable } from './results-file.js';

const TEAMS = 5;
const MEDIATORS_PER_TEAM = 7;
const ENCOUNTERS_PER_ROUND = 33;
const RUNS = 7;
const YEAR = 2025;

const square = (lon: number, lat: number, size: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ],
});

async function newTenant(database: Database, slug: string) {
  return database.db
    .insertInto('tenants')
    .values({ slug, name: slug, kind: 'gip', insee_code: null, siren: null, population: null, programmes: ['mediation'] })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * A year of field log for a GIP of 35 mediators (5 teams of 7, one sector each with a QPV inside): one
 * round a day per team, 33 encounters a round (about 60 000), 400 situations, 3 000 referrals, and a
 * member funding the first sector. Written by SQL (generate_series) in one transaction.
 */
async function fill(database: Database, tenantId: string) {
  return database.db.transaction().execute(async (tx) => {
    await actAsTenant(tx, tenantId, { operation: 'bench.mediation-fill' });
    const sectors: string[] = [];
    for (let i = 0; i < TEAMS; i++) {
      const lon = -0.7 + i * 0.05;
      await upsertTerritory(tx, tenantId, {
        kind: 'sector',
        code: `S${i}`,
        name: `Secteur ${i}`,
        geometry: square(lon, 44.8, 0.04),
      });
      await upsertTerritory(tx, tenantId, {
        kind: 'qpv',
        code: `Q${i}`,
        name: `QPV ${i}`,
        geometry: square(lon + 0.01, 44.81, 0.01),
      });
      const id = (await tx.selectFrom('territories').select('id').where('code', '=', `S${i}`).executeTakeFirstOrThrow()).id;
      const team = await tx
        .insertInto('mediation_teams')
        .values({ tenant_id: tenantId, name: `Équipe ${i}` })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('mediation_team_sectors').values({ tenant_id: tenantId, team_id: team.id, territory_id: id }).execute();
      sectors.push(id);
    }
    const organisation = await tx
      .insertInto('organisations')
      .values({ name: 'Ville financeuse (bench)', kind: 'commune' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('tenant_organisations')
      .values({ tenant_id: tenantId, organisation_id: organisation.id, role: 'member' })
      .execute();
    await tx
      .insertInto('mediation_fundings')
      .values({
        tenant_id: tenantId,
        organisation_id: organisation.id,
        territory_id: sectors[0] as string,
        team_id: null,
        year: YEAR,
      })
      .execute();
    await sql`INSERT INTO mediation_rounds (id, tenant_id, team_id, sector_id, round_date, started_at, ended_at, input_hash, created_at)
      SELECT gen_random_uuid(), ${tenantId}::uuid, s.team_id, s.territory_id, d::date,
        d + interval '16 hours', d + interval '19 hours' + (random() * interval '60 minutes'), 'bench', now()
      FROM generate_series(${`${YEAR}-01-01`}::timestamptz, ${`${YEAR}-12-31`}::timestamptz, interval '1 day') d
      CROSS JOIN mediation_team_sectors s WHERE s.tenant_id = ${tenantId}::uuid`.execute(tx);
    await sql`INSERT INTO mediation_encounters (id, tenant_id, team_id, round_id, on_appointment, occurred_at, people_count,
        themes, activity, actions, faire_avec, geom, qpv_id, input_hash, created_at)
      SELECT gen_random_uuid(), r.tenant_id, r.team_id, r.id, false, r.started_at + i * interval '5 minutes',
        1 + floor(random() * 4)::int,
        ARRAY[(ARRAY['public_tranquillity','neighbour_conflict','access_to_rights','housing','youth','school','isolation',
          'cleanliness','felt_safety','other'])[1 + floor(random() * 10)::int]],
        (ARRAY['presence','conflict','technical_watch','connection','concertation'])[1 + floor(random() * 5)::int],
        ARRAY['listening'], random() < 0.3, ST_PointOnSurface(z.geom),
        CASE WHEN i % 5 < 2 THEN (SELECT q.id FROM territories q WHERE q.tenant_id = r.tenant_id AND q.kind = 'qpv'
          AND ST_Intersects(q.geom, z.geom) LIMIT 1) END,
        'bench', now()
      FROM mediation_rounds r JOIN territories z ON z.id = r.sector_id
      CROSS JOIN generate_series(1, ${ENCOUNTERS_PER_ROUND}) i
      WHERE r.tenant_id = ${tenantId}::uuid`.execute(tx);
    await sql`INSERT INTO mediation_situations (id, tenant_id, team_id, kind, label, sector_id, opened_on, outcome, last_contact_on, input_hash, created_at)
      SELECT gen_random_uuid(), ${tenantId}::uuid, s.team_id, 'neighbour_dispute', 'Situation ' || n, s.territory_id,
        ${`${YEAR}-01-01`}::date + (n % 300), (ARRAY['resolved','calmed','ongoing','failed','redirected'])[1 + n % 5],
        ${`${YEAR}-01-01`}::date + (n % 300) + 30, 'bench', now()
      FROM generate_series(1, 80) n CROSS JOIN mediation_team_sectors s WHERE s.tenant_id = ${tenantId}::uuid`.execute(tx);
    await sql`INSERT INTO mediation_partners (tenant_id, name, kind, created_at)
      SELECT ${tenantId}::uuid, 'Partenaire ' || n, 'association', now() FROM generate_series(1, 6) n`.execute(tx);
    await sql`INSERT INTO mediation_referrals (id, tenant_id, team_id, partner_id, encounter_id, referred_on, outcome, input_hash, created_at)
      SELECT gen_random_uuid(), e.tenant_id, e.team_id,
        (SELECT p.id FROM mediation_partners p WHERE p.tenant_id = e.tenant_id ORDER BY p.name OFFSET (abs(hashtext(e.id::text)) % 6) LIMIT 1),
        e.id, e.occurred_at::date, (ARRAY['taken','pending','no_follow_up'])[1 + abs(hashtext(e.id::text)) % 3], 'bench', now()
      FROM mediation_encounters e WHERE e.tenant_id = ${tenantId}::uuid AND abs(hashtext(e.id::text)) % 20 = 0`.execute(tx);
    const counts = await sql<{ rounds: number; encounters: number; referrals: number }>`SELECT
      (SELECT count(*) FROM mediation_rounds WHERE tenant_id = ${tenantId}::uuid)::int AS rounds,
      (SELECT count(*) FROM mediation_encounters WHERE tenant_id = ${tenantId}::uuid)::int AS encounters,
      (SELECT count(*) FROM mediation_referrals WHERE tenant_id = ${tenantId}::uuid)::int AS referrals`.execute(tx);
    return { memberId: organisation.id, ...(counts.rows[0] as { rounds: number; encounters: number; referrals: number }) };
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** The median of RUNS reports (after one warm-up), each in its own tenant transaction as the page reads it. */
async function time(database: Database, tenantId: string, memberId: string | null) {
  const run = () =>
    withTenant(database.db, tenantId, (tx) =>
      mediationReport(tx, {
        from: `${YEAR}-01-01`,
        to: `${YEAR}-12-31`,
        timeZone: 'Europe/Paris',
        memberId,
        protect: memberId !== null,
        k: 5,
      }),
    );
  let report: MediationReport = await run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    report = await run();
    ms.push(performance.now() - start);
  }
  return { ms: median(ms), report };
}

interface EngineRun {
  engine: string;
  fillMs: number;
  filled: { rounds: number; encounters: number; referrals: number };
  rows: string[][];
  people: string;
}

async function runEngine(database: Database, log: (line: string) => void): Promise<EngineRun> {
  await migrate(database.pool);
  const v = (
    await database.pool.query<{ server: string; postgis: string }>(
      `SELECT current_setting('server_version') AS server, postgis_lib_version() AS postgis`,
    )
  ).rows[0]!;
  const suffix = randomBytes(4).toString('hex');
  const full = await newTenant(database, `bench-gip-${suffix}`);
  const empty = await newTenant(database, `bench-empty-${suffix}`);
  log('filling a year of field log');
  const started = performance.now();
  const filled = await fill(database, full.id);
  const fillMs = performance.now() - started;
  log(`filled ${filled.encounters} encounters in ${(fillMs / 1000).toFixed(1)} s; timing`);
  const emptyGip = await time(database, empty.id, null);
  const gip = await time(database, full.id, null);
  const member = await time(database, full.id, filled.memberId);
  const ratio = (ms: number) => (ms / emptyGip.ms).toFixed(1);
  const value = (c: MediationReport['peopleMet']) => (c.kind === 'shown' ? String(c.value) : 'hidden');
  return {
    engine: `PostgreSQL ${v.server.split(' ')[0]} with PostGIS ${v.postgis}`,
    fillMs,
    filled,
    rows: [
      ['baseline: the same report on an empty tenant', emptyGip.ms.toFixed(1), '1.0'],
      ['the whole GIP, a year (exact)', gip.ms.toFixed(1), ratio(gip.ms)],
      ['one member, a year (its sector, protected)', member.ms.toFixed(1), ratio(member.ms)],
    ],
    people: `people met: GIP ${value(gip.report.peopleMet)}, member ${value(member.report.peopleMet)}`,
  };
}

function engineSection(title: string, run: EngineRun): string[] {
  return [
    `### ${title}`,
    '',
    `Engine: ${run.engine}. Filled in ${(run.fillMs / 1000).toFixed(1)} s: ${run.filled.rounds} rounds, ${run.filled.encounters} encounters, ${run.filled.referrals} referrals (${run.people}).`,
    '',
    markdownTable(['report', '>median ms', '>ratio to empty'], run.rows),
    '',
  ];
}

/**
 * `npm run bench -- mediation`: a year's activity report for 35 mediators and about 60 000 encounters,
 * beside the same report on an empty tenant in the same run, on the embedded engine and on PostgreSQL
 * (`BENCH_DATABASE_URL`, a new database dropped afterwards).
 */
export async function benchMediation(log: (line: string) => void): Promise<string> {
  const machine = describeMachine();
  const lines = [
    `Measured ${machine}.`,
    '',
    `\`mediationReport\` (report-figures.ts) called directly, each call in its own tenant transaction as the page does, for ${YEAR}-01-01 to ${YEAR}-12-31: ` +
      `${TEAMS} teams of ${MEDIATORS_PER_TEAM} mediators, one evening round a day per team in its sector, ${ENCOUNTERS_PER_ROUND} encounters a round ` +
      '(two in five in the QPV), 400 situations, one referral in twenty encounters, and a member funding the first sector; ' +
      `written by SQL (\`generate_series\`) in one transaction. Median of ${RUNS} calls after one warm-up; the baseline is the same call on an empty tenant of the same database.`,
    '',
  ];
  const dataDir = mkdtempSync(join(tmpdir(), 'quietude-bench-mediation-'));
  try {
    log('embedded: opening a new data directory');
    const database = await openDatabase({ databaseUrl: undefined, dataDir: join(dataDir, 'data') });
    try {
      lines.push(...engineSection('Embedded (PGlite)', await runEngine(database, (l) => log(`embedded: ${l}`))));
    } finally {
      await database.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    lines.push('### PostgreSQL', '', 'Not measured: set `BENCH_DATABASE_URL` to a PostgreSQL server with PostGIS.', '');
    return lines.join('\n').trimEnd();
  }
  const name = `quietude_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
    try {
      lines.push(...engineSection('PostgreSQL', await runEngine(database, (l) => log(`postgres: ${l}`))));
    } finally {
      await database.close();
    }
  } finally {
    const drop = new pg.Client({ connectionString: serverUrl });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  }
  return lines.join('\n').trimEnd();
}
