import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { restoreBackup } from '../src/platform/backup/restore-backup.js';
import { writeBackup } from '../src/platform/backup/write-backup.js';
import { systemClock } from '../src/platform/clock/clock.js';
import { tableFingerprints } from './helpers/table-fingerprints.js';
import { connectionUrl, openDemoDatabase, openTestDatabase } from './helpers/test-database.js';

// docs/deploy.md's backup role on PostgreSQL: BYPASSRLS with pg_read_all_data (and pg_write_all_data to
// restore) does the job; a role under row-level security (the owner, as set up) is refused, not given a
// backup that silently lacks rows. The embedded engine has a single superuser: nothing to check there.
const admin = process.env.TEST_DATABASE_URL;
const skip = !admin;
if (skip) console.warn('Backup roles (docs/deploy.md): skipped, they need PostgreSQL (set TEST_DATABASE_URL).');

const suffix = randomBytes(4).toString('hex');
const password = randomBytes(12).toString('hex');
const roles = {
  backup: `qb_backup_${suffix}`,
  confined: `qb_confined_${suffix}`,
  owner: `qb_owner_${suffix}`,
  web: `qb_web_${suffix}`,
};
const drillDb = `qb_drill_${suffix}`;
const dir = mkdtempSync(join(tmpdir(), 'quietude-backup-roles-'));
let source: Database;
let target: Database;
const pools: pg.Pool[] = [];

const asRole = (database: Database, role: string) => {
  const url = new URL(connectionUrl(database));
  url.username = role;
  url.password = password;
  const pool = new pg.Pool({ connectionString: url.href, max: 2 });
  pools.push(pool);
  return pool;
};

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (skip) return;
  [source, target] = await Promise.all([openDemoDatabase(), openTestDatabase()]);
  // The drill's database and every role, backup included, come from the documented script; a restore
  // server then lets the backup role write, as docs/deploy.md § 5 says.
  tool('psql', [
    admin as string,
    ...['-v', 'ON_ERROR_STOP=1', '-v', `db=${drillDb}`, '-v', `owner=${roles.owner}`, '-v', `owner_password=${password}`],
    ...['-v', `web=${roles.web}`, '-v', `web_password=${password}`],
    ...['-v', `backup=${roles.backup}`, '-v', `backup_password=${password}`, '-f', 'deploy/setup-database.sql'],
  ]);
  await adminQuery(`GRANT pg_write_all_data TO ${roles.backup};
    CREATE ROLE ${roles.confined} LOGIN PASSWORD '${password}' NOBYPASSRLS;
    GRANT pg_read_all_data TO ${roles.confined};`);
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await Promise.all([source?.close(), target?.close()]);
  if (!skip) {
    await adminQuery(`DROP DATABASE IF EXISTS ${drillDb} WITH (FORCE)`);
    for (const role of Object.values(roles)) await adminQuery(`DROP ROLE IF EXISTS ${role}`);
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a PostgreSQL client tool as documented, failing the test with its own message. */
function tool(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: new URL('../', import.meta.url).pathname, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

const urlOf = (role: string, database: string) => {
  const url = new URL(admin ?? 'postgres://localhost/');
  url.username = role;
  url.password = password;
  url.pathname = `/${database}`;
  return url.href;
};

describe.skipIf(skip)('backup and restore under the documented PostgreSQL roles', () => {
  it('refuses a role that row-level security confines, and round-trips under the backup role', async () => {
    await expect(
      writeBackup(asRole(source, roles.confined), join(dir, 'confined.gz'), {
        engine: 'postgres',
        app: 'test',
        clock: systemClock,
      }),
    ).rejects.toThrow(
      `The database role ${roles.confined} does not bypass row-level security, so it cannot back up every tenant's rows`,
    );

    const file = join(dir, 'backup.gz');
    await writeBackup(asRole(source, roles.backup), file, { engine: 'postgres', app: 'test', clock: systemClock });
    await restoreBackup(asRole(target, roles.backup), file);
    expect(await tableFingerprints(target.pool)).toEqual(await tableFingerprints(source.pool));
  });

  it('runs the restore drill of docs/deploy.md: pg_dump as the backup role, pg_restore as the owner of a new database', async () => {
    const dump = join(dir, 'drill.dump');
    tool('pg_dump', ['--format=custom', `--file=${dump}`, urlOf(roles.backup, new URL(connectionUrl(source)).pathname.slice(1))]);
    const list = join(dir, 'restore.list');
    const entries = tool('pg_restore', ['--list', dump]).split('\n');
    writeFileSync(list, entries.filter((line) => !/ EXTENSION |TABLE DATA public spatial_ref_sys /.test(line)).join('\n'));
    tool('pg_restore', [
      '--no-owner',
      '--exit-on-error',
      '--single-transaction',
      `--use-list=${list}`,
      `--dbname=${urlOf(roles.owner, drillDb)}`,
      dump,
    ]);

    const asAdmin = new URL(admin as string);
    asAdmin.pathname = `/${drillDb}`;
    const drill = new pg.Pool({ connectionString: asAdmin.href, max: 2 });
    pools.push(drill);
    const restored = await tableFingerprints(drill);
    const original = await tableFingerprints(source.pool);
    expect(restored).toEqual(original);
    // Row-level security and the write guard are back on every tenant table.
    const guarded = await drill.query<{ forced: number; guards: number }>(
      `SELECT (SELECT count(*)::int FROM pg_class WHERE relforcerowsecurity) AS forced,
              (SELECT count(*)::int FROM pg_trigger WHERE tgname = 'operation_guard') AS guards`,
    );
    expect(guarded.rows[0]?.forced).toBeGreaterThan(100);
    expect(guarded.rows[0]?.guards).toBe(guarded.rows[0]?.forced);
  });
});
