import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { createDatabase, type Database } from '../src/db/database.js';
import { withTenant } from '../src/db/tenant-transaction.js';
import { findTenantBySlug, type Tenant } from '../src/platform/tenants/tenant-queries.js';
import { Browser, createStaff } from './helpers/staff.js';
import { buildTestApp, type TestApp } from './helpers/test-app.js';
import { connectionUrl, onPostgres, openDemoDatabase } from './helpers/test-database.js';

describe('DATABASE_REPLICA_URL', () => {
  it('is refused with the embedded engine, and accepted beside DATABASE_URL', () => {
    expect(() => parseConfig({ DATABASE_REPLICA_URL: 'postgres://reader@replica/quietude' })).toThrow(
      /DATABASE_REPLICA_URL needs DATABASE_URL: the embedded database has no replica/,
    );
    expect(() =>
      parseConfig({ DATABASE_URL: 'postgres://web@primary/quietude', DATABASE_REPLICA_URL: 'mysql://reader@replica/quietude' }),
    ).toThrow(/DATABASE_REPLICA_URL must start with postgres:/);
    const config = parseConfig({
      DATABASE_URL: 'postgres://web@primary/quietude',
      DATABASE_REPLICA_URL: 'postgres://reader@replica/quietude',
    });
    expect(config.databaseReplicaUrl).toBe('postgres://reader@replica/quietude');
  });
});

if (!onPostgres)
  console.warn(
    'Dashboards read through a replica: skipped, it needs PostgreSQL (set TEST_DATABASE_URL; the CI PostgreSQL run does).',
  );

// The "replica" is the same database reached as a role whose transactions are read-only, as every
// transaction on a hot standby is. It is a member of quietude_app, as the web role is, so that pages
// switch to it and row-level security applies the same way.
describe.skipIf(!onPostgres)('dashboards and public statistics read through the replica', () => {
  const role = `qr_${randomBytes(4).toString('hex')}`;
  let database: Database;
  let replica: Database;
  let t: TestApp;
  /** Connections the replica's pool handed out: each page read through it takes at least one. */
  let replicaReads = 0;

  beforeAll(async () => {
    database = await openDemoDatabase();
    await database.pool.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS`);
    await database.pool.query(`ALTER ROLE ${role} SET default_transaction_read_only = on`);
    await database.pool.query(`GRANT quietude_app TO ${role}`);
    const url = new URL(connectionUrl(database));
    url.username = role;
    replica = createDatabase('postgres', { connectionString: url.href });
    replica.pool.on('acquire', () => replicaReads++);
    t = await buildTestApp(database, { readDatabase: replica, now: '2026-11-27T22:00:00Z' });
  });
  afterAll(async () => {
    await t?.app.close();
    await replica?.close();
    await database?.close();
    if (onPostgres) {
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });

  it('reaches the replica as a read-only role under row-level security, and any write there fails', async () => {
    const who = await replica.pool.query("SELECT current_user AS role, current_setting('transaction_read_only') AS read_only");
    expect(who.rows[0]).toEqual({ role, read_only: 'on' });
    const besancon = (await findTenantBySlug(replica.db, 'besancon')) as Tenant;
    // Without a tenant, no report is visible; as the tenant, its own are.
    const hidden = await replica.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(hidden.n).toBe(0);
    const own = await withTenant(replica.db, besancon.id, (tx) =>
      tx
        .selectFrom('reports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    expect(own.n).toBeGreaterThan(0);
    await expect(
      replica.db
        .insertInto('job_runs')
        .values({ job: 'x', slot: 'y', started_at: new Date(), finished_at: null, outcome: null, summary: null })
        .execute(),
    ).rejects.toThrow(/read-only transaction/);
  });

  it('serves the public figures and dashboards from the replica', async () => {
    for (const url of [
      '/t/besancon/observatoire',
      '/t/besancon/observatoire/donnees.csv',
      '/t/besancon/angela/chiffres',
      '/t/besancon/signalements',
    ]) {
      const before = replicaReads;
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(replicaReads, url).toBeGreaterThan(before);
    }
  });

  it('writes to the primary while the staff dashboard keeps reading the replica', async () => {
    const lyon = (await findTenantBySlug(database.db, 'lyon')) as Tenant;
    const browser = new Browser(t.app);
    // Signing in writes a session: on the primary (the replica would refuse it).
    expect((await browser.signIn((await createStaff(database.db, lyon, 'coordinator')).email)).statusCode).toBe(303);
    const dashboard = '/t/lyon/espace/observatoire';
    const before = replicaReads;
    expect((await browser.get(dashboard)).statusCode).toBe(200);
    expect(replicaReads).toBeGreaterThan(before);

    const label = `Objectif ${randomBytes(3).toString('hex')}`;
    const saved = await browser.submit(
      `${dashboard}/objectifs`,
      {
        label,
        indicator: 'ssmsi:cambriolages-logement',
        baselineYear: '2019',
        targetYear: '2027',
        changePercent: '-20',
        targetValue: '',
      },
      dashboard,
    );
    expect(saved.statusCode).toBe(200);
    // The replica here has no lag, so the page read there already shows the target saved on the primary.
    expect(saved.body).toContain(label);
    const stored = await withTenant(database.db, lyon.id, (tx) =>
      tx.selectFrom('observatory_targets').select('label').where('label', '=', label).execute(),
    );
    expect(stored).toEqual([{ label }]);
  });
});
