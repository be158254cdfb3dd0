import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../../test/helpers/factories.js';
import { runCli } from '../../../../test/helpers/run-cli.js';
import { Browser, createStaff } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import { connectionUrl } from '../../../../test/helpers/test-database.js';
import type { Database } from '../../../db/database.js';
import { actAsTenant, withTenant } from '../../../db/tenant-transaction.js';
import { AppError } from '../../../platform/errors.js';
import { applyRetention } from '../../../platform/privacy/apply-retention.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { createEntry } from './create-entry.js';
import { approveElimination } from './elimination.js';
import { entriesCsv, importEntries } from './entries-csv.js';
import { readEntry } from './read-entry.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-25T22:30:00Z' });

let tenant: Tenant;
let agent: string;
const fixtures = new URL('../../../../test/fixtures/', import.meta.url).pathname;

beforeAll(async () => {
  tenant = await createTenant(database.db, { programmes: ['police', 'reports'] });
  const [row] = await database.db.transaction().execute(async (tx) => {
    await actAsTenant(tx, tenant.id, { operation: 'test.police-agents' });
    return tx
      .insertInto('police_agents')
      .values({
        tenant_id: tenant.id,
        staff_number: 'R-1',
        family_name: 'Fictif',
        given_name: 'Agent',
        user_id: null,
        created_at: new Date(),
      })
      .returning('id')
      .execute();
  });
  agent = row!.id;
});

const ctx = () => systemContext(database.db, tenant, t.clock);
const administrative = (calledAt: string) => ({
  kind: 'administrative',
  nature: 'objets-trouves',
  source: 'walk_in',
  calledAt,
  endedAt: calledAt,
  agents: [agent],
  findings: 'Portefeuille rapporté.',
  people: [{ role: 'caller', familyName: 'Déposant', phone: '0600000001' }],
});

describe('retention: the elimination list', () => {
  it('after 3 years puts entries on a list instead of destroying them, and destroys them once the archives’ approval is recorded', async () => {
    t.clock.set('2026-11-25T22:30:00Z');
    const old = await createEntry(ctx(), administrative('2026-11-20T10:00:00Z'));
    const recent = await createEntry(ctx(), administrative('2026-11-25T10:00:00Z'));

    // Not quite three years (1095 days): nothing moves.
    t.clock.set('2029-11-18T12:00:00Z');
    await applyRetention(ctx(), undefined);
    expect((await readEntry(ctx(), { id: old.id })).entry.id).toBe(old.id);

    t.clock.set('2029-11-22T12:00:00Z');
    await applyRetention(ctx(), undefined);
    const state = () =>
      withTenant(database.db, tenant.id, async (tx) => ({
        lists: await tx.selectFrom('main_courante_elimination_lists').selectAll().execute(),
        entries: await tx.selectFrom('main_courante_entries').select('id').execute(),
        people: await tx.selectFrom('main_courante_people').select('id').execute(),
      }));
    const proposed = await state();
    expect(proposed.lists).toHaveLength(1);
    expect(proposed.lists[0]).toMatchObject({ status: 'pending', entry_count: 1 });
    // Not destroyed: out of the active base only.
    expect(proposed.entries.map((e) => e.id).sort()).toEqual([old.id, recent.id].sort());
    const gone = await readEntry(ctx(), { id: old.id }).catch((e: unknown) => e);
    expect((gone as AppError).code).toBe('not_found');
    // Running the purge again adds no second list.
    await applyRetention(ctx(), undefined);
    expect((await state()).lists).toHaveLength(1);

    const listId = proposed.lists[0]!.id;
    const page = `/t/${tenant.slug}/espace/main-courante/eliminations`;
    const agentStaff = await createStaff(database.db, tenant, 'police_agent');
    const agentBrowser = new Browser(t.app);
    await agentBrowser.signIn(agentStaff.email);
    expect((await agentBrowser.get(page)).statusCode).toBe(403);

    const supervisor = await createStaff(database.db, tenant, 'police_supervisor');
    const browser = new Browser(t.app);
    await browser.signIn(supervisor.email);
    const listPage = await browser.get(page);
    expect(listPage.statusCode).toBe(200);
    expect(listPage.body).toContain('En attente du visa');
    const csv = await browser.get(`${page}/${listId}.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toMatch(/^numero,date_appel,cadre,nature\r\n2026-\d{6},2026-11-20,administrative,objets-trouves\r\n$/);
    expect(csv.body).not.toContain('Déposant');
    const pdf = await browser.get(`${page}/${listId}.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'bordereau-'));
    writeFileSync(join(dir, 'b.pdf'), pdf.rawPayload);
    const text = execFileSync('pdftotext', [join(dir, 'b.pdf'), '-']).toString();
    expect(text).toContain('Bordereau d’élimination');
    expect(text).toContain('arrêté du 14 avril 2009');

    const missing = await browser.post(`${page}/${listId}/visa`, { reference: ' ' }, page);
    expect(missing.statusCode).toBe(400);
    expect((await state()).entries).toHaveLength(2);
    const approved = await browser.post(`${page}/${listId}/visa`, { reference: 'AD69 visa 2029-117' }, page);
    expect(approved.statusCode).toBe(303);
    const after = await state();
    expect(after.entries.map((e) => e.id)).toEqual([recent.id]);
    expect(after.people).toHaveLength(1);
    expect(after.lists[0]).toMatchObject({ status: 'destroyed', approval_reference: 'AD69 visa 2029-117' });
    // The list's items stay as the proof of what was destroyed.
    expect((await browser.get(`${page}/${listId}.csv`)).body).toContain('objets-trouves');
    const twice = (await approveElimination(ctx(), { id: listId, reference: 'encore' }).catch((e: unknown) => e)) as AppError;
    expect(twice.code).toBe('conflict');
    t.clock.set('2026-11-25T22:30:00Z');
  });
});

describe('moving from vendor software: CSV export and import, NATINF list', () => {
  it('exports the entries as documented CSV and imports them into another tenant, keeping their numbers', async () => {
    const csv = await withTenant(database.db, tenant.id, (tx) => entriesCsv(tx, {}));
    expect(csv.split('\r\n')[0]).toBe(
      'number,called_at,arrived_at,ended_at,kind,nature,natinf_code,source,lat,lon,address,agents,vehicles,findings,follow_up,validated_at,validated_by',
    );
    expect(csv).toContain('"R-1"');
    expect(csv).not.toContain('Déposant');

    const other = await createTenant(database.db, { programmes: ['police'] });
    const otherAgent = await database.db.transaction().execute(async (tx) => {
      await actAsTenant(tx, other.id, { operation: 'test.police-agents' });
      return tx
        .insertInto('police_agents')
        .values({
          tenant_id: other.id,
          staff_number: 'R-1',
          family_name: 'Fictif',
          given_name: 'Agent',
          user_id: null,
          created_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    });
    const otherCtx = systemContext(database.db, other, t.clock);
    const count = () =>
      withTenant(
        database.db,
        other.id,
        async (tx) => (await tx.selectFrom('main_courante_entries').select(['year', 'number']).execute()).length,
      );
    // One bad row refuses the file: line and column named, nothing imported.
    const bad = `${csv}"",2026-11-21T10:00:00Z,,2026-11-21T09:00:00Z,administrative,fourriere,,patrol,,,,R-9,,,,,\r\n`;
    const refused = (await importEntries(otherCtx, { csv: bad }).catch((e: unknown) => e)) as AppError;
    expect(refused).toBeInstanceOf(AppError);
    const fields = refused.details.map((d) => d.field);
    expect(fields).toContain('line 3, agents');
    expect(fields).toContain('line 3, ended_at');
    expect(await count()).toBe(0);

    expect(await importEntries(otherCtx, { csv })).toEqual({ imported: 1 });
    const again = await withTenant(database.db, other.id, (tx) => entriesCsv(tx, {}));
    expect(again).toBe(csv);
    // The numbers were kept and the year's counter continues after them.
    const next = await createEntry(otherCtx, { ...administrative('2026-11-25T11:00:00Z'), agents: [otherAgent.id] });
    expect(Number(next.number.slice(5))).toBeGreaterThan(Number(/"(2026-\d{6})"/.exec(csv)?.[1]?.slice(5)));
  });

  it('quietude import-natinf loads the official list; a bad row is named with line and column and nothing is imported', async () => {
    const env = { DATABASE_URL: connectionUrl(database) };
    const refused = await runCli(['import-natinf', join(fixtures, 'natinf-bad.csv')], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 3, column NATINF');
    expect(refused.stderr).toContain('line 4, column Qualification de l');
    expect(
      await database.db.selectFrom('natinf_codes').select('code').where('code', '=', 91011).executeTakeFirst(),
    ).toBeUndefined();

    const done = await runCli(['import-natinf', join(fixtures, 'natinf-sample.csv')], env);
    expect(done.stderr).toBe('');
    expect(done.stdout.trim()).toBe('3 NATINF codes imported');
    const row = await database.db.selectFrom('natinf_codes').selectAll().where('code', '=', 91003).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ qualification: 'Délit', source: 'official' });
    expect(row.label).toBe(readFileSync(join(fixtures, 'natinf-sample.csv'), 'utf8').split('\n')[3]!.split(';')[2]);
    // A judicial entry may now name it.
    const entry = await createEntry(ctx(), {
      ...administrative('2026-11-24T10:00:00Z'),
      kind: 'judicial',
      nature: 'degradation',
      natinfCode: 91003,
      people: [],
    });
    expect(entry.number).toMatch(/^2026-/);
  });
});
