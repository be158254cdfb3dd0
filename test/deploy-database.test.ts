import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationFiles } from '../src/db/migrate.js';
import { runCli } from './helpers/run-cli.js';

// docs/deploy.md's database set-up, run as documented against the test cluster: the owner migrates, the
// application role starts and works but can neither change the schema nor escape row-level security.
const admin = process.env.TEST_DATABASE_URL;
const skip = !admin;
if (skip) console.warn('Database set-up script (docs/deploy.md): skipped, it needs PostgreSQL (set TEST_DATABASE_URL).');

const suffix = randomBytes(4).toString('hex');
const names = { db: `qd_${suffix}`, owner: `qd_owner_${suffix}`, web: `qd_web_${suffix}` };
const passwords = { owner: randomBytes(12).toString('hex'), web: randomBytes(12).toString('hex') };
const urlAs = (role: 'owner' | 'web') => {
  const url = new URL(admin ?? 'postgres://localhost/');
  url.username = names[role];
  url.password = passwords[role];
  url.pathname = `/${names.db}`;
  return url.href;
};

function runSetupScript() {
  const result = spawnSync(
    'psql',
    [
      admin as string,
      ...[
        '-v',
        'ON_ERROR_STOP=1',
        '-v',
        `db=${names.db}`,
        '-v',
        `owner=${names.owner}`,
        '-v',
        `owner_password=${passwords.owner}`,
      ],
      ...['-v', `web=${names.web}`, '-v', `web_password=${passwords.web}`, '-f', 'deploy/setup-database.sql'],
    ],
    { cwd: new URL('../', import.meta.url).pathname, encoding: 'utf8' },
  );
  expect(result.status, result.stderr).toBe(0);
}

async function asRole<T>(role: 'owner' | 'web', fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlAs(role) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  if (skip) return;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${names.db} WITH (FORCE)`);
  await client.query(`DROP ROLE IF EXISTS ${names.web}`);
  await client.query(`DROP ROLE IF EXISTS ${names.owner}`);
  await client.end();
});

describe.skipIf(skip)('the documented database set-up (deploy/setup-database.sql)', () => {
  it('runs twice without harm, and the owner is no superuser and cannot create roles', async () => {
    runSetupScript();
    runSetupScript();
    const owner = await asRole('owner', (c) =>
      c.query('SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user'),
    );
    expect(owner.rows[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
  });

  it('lets the owner apply the migrations, and the application start without applying any', async () => {
    const migrated = await runCli(['migrate'], { DATABASE_URL: urlAs('owner') });
    expect(migrated.stdout.trim()).toBe(`${migrationFiles().length} migrations applied`);
    const started = await runCli(['migrate'], { DATABASE_URL: urlAs('web') });
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout.trim()).toBe('0 migrations applied');
  });

  it('gives the application role no way to change the schema or to bypass row-level security', async () => {
    await asRole('web', async (c) => {
      const role = await c.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user');
      expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
      await expect(c.query('CREATE TABLE intruder (x int)')).rejects.toThrow(/permission denied/);
      await expect(c.query('ALTER TABLE reports DISABLE ROW LEVEL SECURITY')).rejects.toThrow(/must be owner/);
      await expect(c.query('DROP TABLE audit_events')).rejects.toThrow(/must be owner/);
      await expect(c.query("INSERT INTO tenants (slug, name) VALUES ('intrus', 'Intrus')")).rejects.toThrow(/permission denied/);
    });
    // A tenant's row, written by the owner inside that tenant's transaction, is invisible to the
    // application role outside it and visible inside it.
    const tenantId = await asRole('owner', async (c) => {
      const tenant = await c.query(
        "INSERT INTO tenants (slug, name, kind) VALUES ('ville-test', 'Ville test', 'commune') RETURNING id",
      );
      const id = tenant.rows[0].id as string;
      await c.query('BEGIN');
      await c.query("SELECT set_config('quietude.tenant_id', $1, true), set_config('quietude.operation', 'test.place', true)", [
        id,
      ]);
      await c.query(
        "INSERT INTO night_stop_places (tenant_id, name, lat, lon, created_at) VALUES ($1, 'Gare', 47.24, 6.02, now())",
        [id],
      );
      await c.query('COMMIT');
      return id;
    });
    await asRole('web', async (c) => {
      const outside = await c.query('SELECT count(*)::int AS n FROM night_stop_places');
      expect(outside.rows[0].n).toBe(0);
      await c.query('BEGIN');
      await c.query("SELECT set_config('role', 'quietude_app', true), set_config('quietude.tenant_id', $1, true)", [tenantId]);
      const inside = await c.query('SELECT name FROM night_stop_places');
      expect(inside.rows).toEqual([{ name: 'Gare' }]);
      await c.query('ROLLBACK');
    });
  });

  it('refuses to start on the application role while a migration is pending, and says what to run', async () => {
    const last = migrationFiles().at(-1) as string;
    await asRole('owner', (c) => c.query('DELETE FROM schema_migrations WHERE name = $1', [last]));
    try {
      const started = await runCli(['migrate'], { DATABASE_URL: urlAs('web') });
      expect(started.code).toBe(1);
      expect(started.stderr).toContain(
        "1 migrations are pending and this database role may not apply them: run `quietude migrate` with the owner's DATABASE_URL",
      );
    } finally {
      await asRole('owner', (c) => c.query('INSERT INTO schema_migrations (name) VALUES ($1)', [last]));
    }
  });
});
