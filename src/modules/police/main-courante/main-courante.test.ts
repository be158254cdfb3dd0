import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../../test/helpers/factories.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { actAsTenant, withTenant } from '../../../db/tenant-transaction.js';
import { createApiToken } from '../../../platform/accounts/api-tokens.js';
import { AppError } from '../../../platform/errors.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { amendEntry } from './amend-entry.js';
import type { EntryInput } from './check-entry.js';
import { createEntry } from './create-entry.js';
import { editEntry } from './edit-entry.js';
import { validateEntry } from './validate-entry.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-25T22:30:00Z' });

let tenant: Tenant;
let agents: { id: string; staff_number: string }[];
let token: string;
const NATINF = 4242;

async function insertAgents(db: Database['db'], tenantId: string, staffNumbers: string[]) {
  return db.transaction().execute(async (tx) => {
    await actAsTenant(tx, tenantId, { operation: 'test.police-agents' });
    return tx
      .insertInto('police_agents')
      .values(
        staffNumbers.map((staff_number, i) => ({
          tenant_id: tenantId,
          staff_number,
          family_name: `Agent ${i + 1}`,
          given_name: 'Fictif',
          user_id: null,
          created_at: new Date('2026-01-01T00:00:00Z'),
        })),
      )
      .returning(['id', 'staff_number'])
      .execute();
  });
}

beforeAll(async () => {
  tenant = await createTenant(database.db, { programmes: ['police', 'reports'] });
  agents = await insertAgents(database.db, tenant.id, ['T-1', 'T-2']);
  await database.db
    .insertInto('natinf_codes')
    .values({ code: NATINF, label: 'Infraction de test', source: 'official', updated_at: new Date() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  ({ token } = await createApiToken(systemContext(database.db, tenant, t.clock), {
    name: 'Logiciel de test',
    permissions: ['police.log', 'police.validate', 'police.figures'],
  }));
});

const ctx = () => systemContext(database.db, tenant, t.clock);
const input = (over: Partial<EntryInput> = {}): EntryInput => ({
  kind: 'judicial',
  nature: 'tapage',
  natinfCode: NATINF,
  source: 'call',
  calledAt: '2026-11-25T21:00:00Z',
  arrivedAt: '2026-11-25T21:12:00Z',
  endedAt: '2026-11-25T21:40:00Z',
  lat: 45.76,
  lon: 4.83,
  agents: [agents[0]!.id],
  findings: 'Musique forte, occupants avertis.',
  people: [{ role: 'caller', familyName: 'Voisin', phone: '06 00 00 00 00' }],
  ...over,
});
const count = (table: 'main_courante_entries' | 'main_courante_people' | 'main_courante_counters') =>
  withTenant(database.db, tenant.id, async (tx) =>
    Number(
      (
        await tx
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  );
const api = (method: 'GET' | 'POST' | 'PUT', path: string, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/api/v1/t/${tenant.slug}/police/main-courante${path}`,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload: payload as object } : {}),
  });

async function refused(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('main courante entries', () => {
  it('numbers entries per year without gaps, even when created at once', async () => {
    const first = await createEntry(ctx(), input());
    expect(first.number).toMatch(/^2026-\d{6}$/);
    const start = Number(first.number.slice(5));
    const made = await Promise.all(Array.from({ length: 6 }, () => createEntry(ctx(), input())));
    const numbers = made.map((m) => Number(m.number.slice(5))).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6].map((i) => start + i));
    // A refused entry takes no number: the next one follows on.
    await refused(createEntry(ctx(), input({ endedAt: '2026-11-25T20:00:00Z' })));
    const next = await createEntry(ctx(), input());
    expect(Number(next.number.slice(5))).toBe(start + 7);
  });

  it('refuses bad input naming the field, and saves nothing', async () => {
    const before = [await count('main_courante_entries'), await count('main_courante_people')];
    const cases: [Partial<EntryInput>, string][] = [
      [{ endedAt: '2026-11-25T20:59:00Z' }, 'endedAt'],
      [{ arrivedAt: '2026-11-25T20:30:00Z' }, 'arrivedAt'],
      [{ agents: ['00000000-0000-4000-8000-000000000000'] }, 'agents'],
      [{ natinfCode: 999_999 }, 'natinfCode'],
      [{ natinfCode: null }, 'natinfCode'],
      [{ kind: 'administrative', nature: 'tapage', natinfCode: null }, 'nature'],
      [{ people: [{ role: 'suspect', phone: '0600000000' }] }, 'people[0].phone'],
    ];
    for (const [over, field] of cases) {
      const error = await refused(createEntry(ctx(), input(over)));
      expect(error.code).toBe('invalid_input');
      expect(error.details.map((d) => d.field)).toContain(field);
    }
    expect([await count('main_courante_entries'), await count('main_courante_people')]).toEqual(before);

    // Through the API: 400 with the field named.
    const response = await api('POST', '/entries', {
      kind: 'judicial',
      nature: 'tapage',
      natinf_code: NATINF,
      source: 'call',
      called_at: '2026-11-25T21:00:00Z',
      ended_at: '2026-11-25T20:00:00Z',
      agents: [agents[0]!.id],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].field).toBe('endedAt');
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    expect(await count('main_courante_entries')).toBe(before[0]);
  });

  it('locks a validated entry: editing answers 409 saying to amend; an amendment keeps the previous values', async () => {
    const { id } = await createEntry(ctx(), input({ arrivedAt: null, endedAt: null }));
    // Not ended: not validated yet.
    expect((await refused(validateEntry(ctx(), { id }))).details[0]?.field).toBe('endedAt');
    await editEntry(ctx(), { ...input(), id });
    await validateEntry(ctx(), { id });

    const edit = await refused(editEntry(ctx(), { ...input({ findings: 'autre' }), id }));
    expect(edit.code).toBe('conflict');
    expect(edit.message).toMatch(/amend/);
    const put = await api('PUT', `/entries/${id}`, {
      kind: 'judicial',
      nature: 'tapage',
      natinf_code: NATINF,
      source: 'call',
      called_at: '2026-11-25T21:00:00Z',
      agents: [agents[0]!.id],
    });
    expect(put.statusCode).toBe(409);
    expect(put.json().error.message).toMatch(/amendment/);

    const amended = await amendEntry(ctx(), {
      ...input({ findings: 'Musique forte ; PV dressé.', agents: [agents[0]!.id, agents[1]!.id] }),
      id,
      reason: 'Second agent oublié',
    });
    expect(amended.fields.sort()).toEqual(['agents', 'findings']);
    const kept = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('main_courante_amendments').selectAll().where('entry_id', '=', id).executeTakeFirstOrThrow(),
    );
    expect(kept.previous).toMatchObject({ findings: 'Musique forte, occupants avertis.' });
    expect(kept.next).toMatchObject({ findings: 'Musique forte ; PV dressé.' });
    const audit = await withTenant(database.db, tenant.id, (tx) =>
      tx
        .selectFrom('audit_events')
        .selectAll()
        .where('entity_id', '=', id)
        .where('action', '=', 'police.amend-main-courante-entry')
        .execute(),
    );
    expect(audit[0]?.fields.sort()).toEqual(['agents', 'findings']);
    expect(JSON.stringify(audit)).not.toContain('PV dressé');
    expect(await refused(amendEntry(ctx(), { ...input(), id, reason: '' }))).toMatchObject({ code: 'invalid_input' });
  });

  it('logs every consultation through the API, and lists with filters', async () => {
    const { id } = await createEntry(ctx(), input({ nature: 'tranquillite-vacances', kind: 'administrative', natinfCode: null }));
    const read = await api('GET', `/entries/${id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().people[0]).toMatchObject({ role: 'caller', family_name: 'Voisin' });
    await api('GET', `/entries/${id}`);
    const reads = await withTenant(database.db, tenant.id, (tx) =>
      tx
        .selectFrom('audit_events')
        .select(['actor', 'at'])
        .where('entity_id', '=', id)
        .where('action', '=', 'police.read-main-courante-entry')
        .execute(),
    );
    expect(reads).toHaveLength(2);
    // The token's holder (supervisor rights) sees the earlier consultations.
    expect((await api('GET', `/entries/${id}`)).json().consultations).toHaveLength(2);

    const listed = await api('GET', '/entries?nature=tranquillite-vacances');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().entries.map((e: { id: string }) => e.id)).toEqual([id]);
    expect(listed.json().entries[0].response_minutes).toBe(12);
    expect(JSON.stringify(listed.json())).not.toContain('Voisin');
    const bad = await api('GET', '/entries?from=hier');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('from');
  });

  it('gives figures through the API: raw to police roles, protected for a token holding police.figures only', async () => {
    await createEntry(ctx(), input({ kind: 'administrative', nature: 'chiens-dangereux', natinfCode: null }));
    const stats = (await api('GET', '/statistics')).json();
    const total = await count('main_courante_entries');
    expect(stats).toMatchObject({ protected: false, total: { count: total, suppressed: false } });
    expect(stats.by_nature.find((n: { key: string }) => n.key === 'tapage').count).toBeGreaterThan(0);
    expect(stats.median_response_minutes).toBe(12);

    const { token: figuresOnly } = await createApiToken(ctx(), { name: 'Tableau de bord', permissions: ['police.figures'] });
    const shown = await t.app.inject({
      method: 'GET',
      url: `/api/v1/t/${tenant.slug}/police/main-courante/statistics`,
      headers: { authorization: `Bearer ${figuresOnly}` },
    });
    const protectedStats = shown.json();
    expect(protectedStats.protected).toBe(true);
    const all = [protectedStats.total, ...protectedStats.by_nature, ...protectedStats.by_hour, ...protectedStats.by_weekday];
    for (const c of all) expect(c.suppressed || c.count === 0 || c.count >= 5).toBe(true);
    // A nature seen once (below 5) is hidden.
    expect(protectedStats.by_nature.find((n: { key: string }) => n.key === 'chiens-dangereux').suppressed).toBe(true);
    // The list itself stays police-only.
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/t/${tenant.slug}/police/main-courante/entries`,
      headers: { authorization: `Bearer ${figuresOnly}` },
    });
    expect(list.statusCode).toBe(403);
  });
});
