import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { withTenant } from '../src/db/tenant-transaction.js';
import { demoOutline } from '../src/platform/demo/demo-outlines.js';
import type { Tenant } from '../src/platform/tenants/tenant-queries.js';
import { saveTerritories } from '../src/platform/territories/save-territories.js';
import { createTenant, systemContext } from './helpers/factories.js';
import { runCli } from './helpers/run-cli.js';
import { Browser } from './helpers/staff.js';
import { buildTestApp } from './helpers/test-app.js';
import { connectionUrl, openTestDatabase } from './helpers/test-database.js';

let database: Database;
let env: Record<string, string>;
let tenant: Tenant;
const dir = mkdtempSync(join(tmpdir(), 'quietude-cli-'));
beforeAll(async () => {
  database = await openTestDatabase();
  env = { DATABASE_URL: connectionUrl(database) };
  tenant = await createTenant(database.db);
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const feature = (code: string, name: string, coordinates: number[][][]) => ({
  type: 'Feature',
  properties: { code, nom: name },
  geometry: { type: 'Polygon', coordinates },
});
const writeGeojson = (name: string, features: object[]) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', features }));
  return path;
};
const territoryCount = () =>
  withTenant(database.db, tenant.id, (tx) => tx.selectFrom('territories').select('code').execute()).then((r) => r.length);

describe('quietude command line', () => {
  it('prints its commands with --help, and exits 2 on usage errors', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of [
      'serve',
      'migrate',
      'seed-demo',
      'import-territories',
      'import-addresses',
      'import-population-grid',
      'import-police-agents',
      'jobs run',
      'jobs list',
    ]) {
      expect(help.stdout).toContain(command);
    }
    expect((await runCli([])).code).toBe(2);
    expect((await runCli(['fly-away'])).code).toBe(2);
    const missing = await runCli(['import-territories', tenant.slug]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: quietude import-territories');
    const commandHelp = await runCli(['import-addresses', '--help']);
    expect(commandHelp.code).toBe(0);
    expect(commandHelp.stdout).toContain('BAN');
  });

  it('imports territories, and refuses a file with a self-intersecting feature, naming it, changing nothing', async () => {
    const square = demoOutline(6.02, 47.24, 1).coordinates;
    const good = writeGeojson('good.geojson', [
      feature('Q1', 'Battant', square),
      feature('Q2', 'Chaprais', demoOutline(6.04, 47.25, 1).coordinates),
    ]);
    const imported = await runCli(
      ['import-territories', tenant.slug, good, '--kind', 'quartier', '--code-prop', 'code', '--name-prop', 'nom', '--json'],
      env,
    );
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ imported: 2 });
    expect(await territoryCount()).toBe(2);

    const bowtie = [
      [
        [6, 47],
        [6.01, 47.01],
        [6.01, 47],
        [6, 47.01],
        [6, 47],
      ],
    ];
    const bad = writeGeojson('bad.geojson', [feature('Q3', 'Planoise', square), feature('Q4', 'Nœud', bowtie)]);
    const refused = await runCli(
      ['import-territories', tenant.slug, bad, '--kind', 'quartier', '--code-prop', 'code', '--name-prop', 'nom'],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('feature 2: geometry is self-intersecting');
    expect(await territoryCount()).toBe(2);

    const wrongKind = await runCli(
      ['import-territories', tenant.slug, good, '--kind', 'planet', '--code-prop', 'code', '--name-prop', 'nom'],
      env,
    );
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.stderr).toContain('--kind must be one of');
  });

  it('imports BAN addresses and prints the count as plain digits', async () => {
    const file = new URL('./fixtures/ban-sample.csv', import.meta.url).pathname;
    const result = await runCli(['import-addresses', tenant.slug, file], env);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('6 addresses imported');
  });

  it('imports police agents from a CSV file, and refuses a file with a bad row naming its line and column, changing nothing', async () => {
    const police = await createTenant(database.db, { programmes: ['police'] });
    const header = 'staff_number,family_name,given_name,movement,effective_on,category,grade,unit,fte_percent,status,note';
    const good = join(dir, 'agents.csv');
    writeFileSync(
      good,
      `${header}\nP1,Martin,Lou,arrival,2023-01-02,apm,gardien_brigadier,Brigade de nuit,100,active,\nP1,Martin,Lou,departure,2025-06-01,,,,,,\nP2,Roux,Ana,arrival,2024-03-01,asvp,,,80,active,\n`,
    );
    const notPolice = await runCli(['import-police-agents', tenant.slug, good], env);
    expect(notPolice.code).toBe(1);
    expect(notPolice.stderr).toContain('does not run the police programme: nothing was imported');
    const done = await runCli(['import-police-agents', police.slug, good], env);
    expect(done.code).toBe(0);
    expect(done.stdout.trim()).toBe('2 agents and 3 movements imported (1 new units, 0 rows already recorded)');
    const bad = join(dir, 'agents-bad.csv');
    writeFileSync(
      bad,
      `${header}\nP3,Petit,Sam,arrival,2024-01-01,apm,,,100,active,\nP4,Blanc,Noé,arrival,2024-02-30,apm,,,100,active,\n`,
    );
    const refused = await runCli(['import-police-agents', police.slug, bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 3, column effective_on: must be a date (YYYY-MM-DD)');
    const numbers = await withTenant(database.db, police.id, (tx) =>
      tx.selectFrom('police_agents').select('staff_number').orderBy('staff_number').execute(),
    );
    expect(numbers.map((a) => a.staff_number)).toEqual(['P1', 'P2']);
    const usage = await runCli(['import-police-agents', police.slug, good, '--encoding', 'ebcdic'], env);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('--encoding must be one of: utf-8, windows-1252');
  });

  it('refuses an unknown tenant with exit 1', async () => {
    const result = await runCli(['import-addresses', 'atlantis', 'x.csv'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Tenant not found');
  });

  it('lists and runs jobs', async () => {
    const list = await runCli(['jobs', 'list', '--json']);
    expect(JSON.parse(list.stdout).map((j: { name: string }) => j.name)).toContain('prune-job-runs');
    const run = await runCli(['jobs', 'run', 'prune-job-runs'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^prune-job-runs: \d+ old runs deleted/);
    const unknown = await runCli(['jobs', 'run', 'sweep-the-moon'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No job named "sweep-the-moon"');
  });

  it('verifies a tenant’s audit chain, and names the first broken link', async () => {
    const audited = await createTenant(database.db);
    await saveTerritories(systemContext(database.db, audited), [
      { kind: 'quartier', code: 'A1', name: 'Un', geometry: demoOutline(6, 47, 1) },
      { kind: 'quartier', code: 'A2', name: 'Deux', geometry: demoOutline(6.1, 47, 1) },
    ]);
    const fine = await runCli(['audit-verify', audited.slug], env);
    expect(fine.code).toBe(0);
    expect(fine.stdout.trim()).toBe('2 audit events verified');
    await database.db.transaction().execute(async (tx) => {
      await sql`SELECT set_config('quietude.operation', 'tampering', true)`.execute(tx);
      await sql`UPDATE audit_events SET entity_id = 'quartier:ZZ' WHERE tenant_id = ${audited.id} AND seq = 2`.execute(tx);
    });
    const broken = await runCli(['audit-verify', audited.slug], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('is broken at event 2: event 2 was changed');
  });

  it('adds a local authority from the official geography, and refuses bad input naming each problem', async () => {
    const slug = `dole-${Date.now().toString(36)}`;
    const made = await runCli(['create-tenant', slug, '--insee', '39198', '--programmes', 'reports,safe-places', '--json'], env);
    expect(made.stderr).toBe('');
    expect(JSON.parse(made.stdout)).toMatchObject({ slug, name: 'Dole', programmes: ['reports', 'safe-places'] });
    const row = await database.db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'commune', insee_code: '39198' });
    expect(row.population).toBeGreaterThan(20_000);

    const bad = await runCli(['create-tenant', 'Mauvais Nom', '--insee', '99999', '--programmes', 'reports,cafe'], env);
    expect(bad.code).toBe(1);
    for (const problem of ['slug:', 'programmes: unknown programmes: cafe', 'insee: No current commune with INSEE code 99999'])
      expect(bad.stderr).toContain(problem);
    const again = await runCli(['create-tenant', slug, '--insee', '39198'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(await database.db.selectFrom('tenants').select('id').where('name', '=', 'Dole').execute()).toHaveLength(1);
  });

  it('makes a first administrator, who chooses a password through the printed link and signs in', async () => {
    const first = await createTenant(database.db);
    const result = await runCli(['create-admin', first.slug, 'Premiere.Admin@Ville.test', '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { passwordLink, created } = JSON.parse(result.stdout);
    expect(created).toBe(true);
    const link = new URL(passwordLink);
    expect(link.pathname).toBe('/mot-de-passe');
    const { app } = await buildTestApp(database);
    const browser = new Browser(app);
    const set = await browser.post(
      '/mot-de-passe',
      { jeton: link.searchParams.get('jeton') ?? '', password: 'première administratrice' },
      `${link.pathname}${link.search}`,
    );
    expect(set.statusCode).toBe(200);
    await browser.signIn('premiere.admin@ville.test', 'première administratrice');
    const home = await browser.get(`/t/${first.slug}/espace/`);
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Administrateur·rice');
    await app.close();
    const bad = await runCli(['create-admin', first.slug, 'not-an-address'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('email: is not an e-mail address');
  });

  it('never loads demo data in production', async () => {
    const result = await runCli(['seed-demo'], { ...env, NODE_ENV: 'production', SESSION_SECRET: 'f'.repeat(40) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('never loaded in production');
  });
});
