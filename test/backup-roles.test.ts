import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
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
const roles = { backup: `qb_backup_${suffix}`, confined: `qb_confined_${suffix}` };
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
  await adminQuery(`CREATE ROLE ${roles.backup} LOGIN PASSWORD '${password}' BYPASSRLS;
    GRANT pg_read_all_data, pg_write_all_data TO ${roles.backup};
    CREATE ROLE ${roles.confined} LOGIN PASSWORD '${password}' NOBYPASSRLS;
    GRANT pg_read_all_data TO ${roles.confined};`);
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await Promise.all([source?.close(), target?.close()]);
  if (!skip) await adminQuery(`DROP ROLE IF EXISTS ${roles.backup}; DROP ROLE IF EXISTS ${roles.confined};`);
  rmSync(dir, { recursive: true, force: true });
});

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
});
