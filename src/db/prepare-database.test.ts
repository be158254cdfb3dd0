import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres, openEmptyDatabase, secondInstance } from '../../test/helpers/test-database.js';
import { createDatabase, type Database } from './database.js';
import { migrate, migrationFiles } from './migrate.js';
import { prepareDatabase } from './prepare-database.js';

describe('first start of two instances at once', () => {
  let first: Database;
  let second: Database;
  beforeAll(async () => {
    first = await openEmptyDatabase();
    second = secondInstance(first);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('installs PostGIS, applies each migration once and loads the demo once', async () => {
    const results = await Promise.all([prepareDatabase(first, 'development'), prepareDatabase(second, 'development')]);
    // Each file is applied once in all: the instances may share the files between them.
    expect(results.reduce((sum, r) => sum + r.migrations, 0)).toBe(migrationFiles().length);
    expect(results.reduce((sum, r) => sum + r.demoTenants, 0)).toBe(7);
    const applied = await first.db.selectFrom('schema_migrations').select('name').execute();
    expect(applied.map((m) => m.name)).toEqual(migrationFiles());
    const tenants = await first.db.selectFrom('tenants').select('slug').execute();
    expect(tenants).toHaveLength(7);
    const postgis = await first.pool.query('SELECT postgis_version() AS v');
    expect(postgis.rows[0].v).toMatch(/^3\./);
    // A later start has nothing to do.
    expect(await prepareDatabase(second, 'development')).toEqual({ migrations: 0, demoTenants: 0 });
  });

  it('loads no demo data in production', async () => {
    const empty = await openEmptyDatabase();
    try {
      expect(await prepareDatabase(empty, 'production')).toEqual({ migrations: migrationFiles().length, demoTenants: 0 });
    } finally {
      await empty.close();
    }
  });
});

if (!onPostgres)
  console.warn(
    'Skipped: the PostGIS permission test needs PostgreSQL (TEST_DATABASE_URL); the embedded engine always has PostGIS.',
  );

describe.skipIf(!onPostgres)('PostgreSQL without the right to create PostGIS', () => {
  it('says what is missing and how to fix it', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    const suffix = randomBytes(4).toString('hex');
    const role = `quietude_nopriv_${suffix}`;
    const name = `quietude_nopostgis_${suffix}`;
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'x-${suffix}' NOSUPERUSER`);
    await admin.query(`CREATE DATABASE ${name} OWNER ${role} TEMPLATE template0`);
    const target = new URL(url);
    target.username = role;
    target.password = `x-${suffix}`;
    target.pathname = `/${name}`;
    const database = createDatabase('postgres', { connectionString: target.toString() });
    try {
      await expect(migrate(database.pool)).rejects.toThrow(/may not create it: as a superuser, run `CREATE EXTENSION postgis;`/);
    } finally {
      await database.close();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });
});
