import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { mediationTenant } from '../../../test/helpers/mediation.js';
import { Browser } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import { onPostgres } from '../../../test/helpers/test-database.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { userActor } from '../../platform/access/load-actor.js';
import type { OperationContext } from '../../platform/access/operation.js';
import { SESSION_COOKIE } from '../../platform/accounts/sessions.js';
import { recordReferral } from './directory.js';
import type { EntryTable } from './entry-checks.js';
import { openSituation } from './open-situation.js';
import { recordMinorAction } from './record-minor-action.js';
import { addSituationStep } from './situation-steps.js';

// The field page's script sends the entries kept on the device to …/terrain/sync: session cookie and CSRF
// token (in a header) required, each entry recorded once whatever the number of sends.

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-20T19:00:00Z' });

type Mediation = Awaited<ReturnType<typeof mediationTenant>>;

async function device(m: Mediation) {
  const browser = new Browser(t.app);
  expect((await browser.signIn(m.mediatorA.email)).statusCode).toBe(303);
  const base = `/t/${m.tenant.slug}/espace/mediation/terrain`;
  const token = async () => {
    const answer = await browser.get(`${base}/jeton`);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    return answer.json().token as string;
  };
  const csrf = await token();
  const send = (entry: object, headers: Record<string, string> = { 'x-csrf-token': csrf }) =>
    t.app.inject({
      method: 'POST',
      url: `${base}/sync`,
      headers: { cookie: browser.cookies, 'content-type': 'application/json', ...headers },
      payload: entry,
    });
  return { browser, base, token, send };
}

const roundStart = (m: Mediation) => ({
  kind: 'round-start',
  id: randomUUID(),
  teamId: m.teamA,
  sectorId: m.sectorA,
  date: '2026-11-20',
  startedAt: '18:30',
});
const encounter = (roundId: string) => ({
  kind: 'encounter',
  id: randomUUID(),
  date: '2026-11-20',
  occurredAt: '18:45',
  roundId,
  peopleCount: 2,
  people: [{ ageBand: '18_25', gender: 'female' }],
  themes: ['youth'],
  activity: 'presence',
  actions: ['listening'],
  faireAvec: true,
});

const rows = (tenantId: string, id: string) =>
  withTenant(database.db, tenantId, async (tx) => ({
    rounds: (await tx.selectFrom('mediation_rounds').select('id').where('id', '=', id).execute()).length,
    encounters: (await tx.selectFrom('mediation_encounters').select('id').where('id', '=', id).execute()).length,
    people: (await tx.selectFrom('mediation_encounter_people').select('position').where('encounter_id', '=', id).execute())
      .length,
  }));

describe('the field page’s sync route', () => {
  it('needs the session and a CSRF token from a header, and answers in JSON (401, not a redirect, once signed out)', async () => {
    const m = await mediationTenant(database.db);
    const { browser, base, send } = await device(m);
    const round = roundStart(m);

    const noToken = await send(round, {});
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('forbidden');
    const forged = await send(round, { 'x-csrf-token': 'AAAA' });
    expect(forged.statusCode).toBe(403);
    expect((await rows(m.tenant.id, round.id)).rounds).toBe(0);

    // The session ends (signed out elsewhere, expired): the CSRF cookie is still there, the session is not.
    browser.cookies = browser.cookies
      .split('; ')
      .filter((c) => !c.startsWith(`${SESSION_COOKIE}=`))
      .join('; ');
    const gone = await send(round);
    expect(gone.statusCode).toBe(401);
    expect(gone.headers['content-type']).toContain('application/json');
    expect(gone.json().error.code).toBe('unauthenticated');
    const tokenGone = await browser.get(`${base}/jeton`);
    expect(tokenGone.statusCode).toBe(401);
    expect((await rows(m.tenant.id, round.id)).rounds).toBe(0);

    // A funding member is signed in but may not record field entries.
    const funder = new Browser(t.app);
    expect((await funder.signIn(m.funder.email)).statusCode).toBe(303);
    expect((await funder.get(`${base}/jeton`)).statusCode).toBe(403);
  });

  it('records each entry once: 201, then 200 when sent again; 409 for other content under the same id', async () => {
    const m = await mediationTenant(database.db);
    const { send } = await device(m);
    const round = roundStart(m);
    expect((await send(round)).statusCode).toBe(201);
    const again = await send(round);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: round.id, status: 'already-recorded' });

    // Inside the QPV of sector A: the server derives it from the position, as for the API.
    const met = { ...encounter(round.id), lat: 44.8075, lon: -0.5925 };
    expect((await send(met)).statusCode).toBe(201);
    expect((await send(met)).statusCode).toBe(200);
    const clash = await send({ ...met, peopleCount: 3 });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.details[0].field).toBe('id');

    const end = { kind: 'round-end', id: round.id, date: '2026-11-20', endedAt: '19:45' };
    expect((await send(end)).statusCode).toBe(201);
    expect((await send(end)).statusCode).toBe(200);
    expect((await send({ ...end, endedAt: '19:50' })).statusCode).toBe(409);

    expect(await rows(m.tenant.id, round.id)).toMatchObject({ rounds: 1 });
    expect(await rows(m.tenant.id, met.id)).toEqual({ rounds: 0, encounters: 1, people: 1 });
    const stored = await withTenant(database.db, m.tenant.id, (tx) =>
      tx
        .selectFrom('mediation_encounters')
        .select(['qpv_id', 'occurred_at', 'people_count'])
        .where('id', '=', met.id)
        .executeTakeFirstOrThrow(),
    );
    expect(stored.qpv_id).toBe(m.qpv);
    expect(stored.people_count).toBe(2);
    // 18:45 in Bordeaux in November is 17:45 UTC: the tenant's zone, as on the page.
    expect(new Date(stored.occurred_at).toISOString()).toBe('2026-11-20T17:45:00.000Z');
  });

  it('refuses a bad entry with 400 naming every field at fault, and saves nothing of it', async () => {
    const m = await mediationTenant(database.db);
    const { send } = await device(m);
    const round = roundStart(m);
    expect((await send(round)).statusCode).toBe(201);

    const bad = {
      ...encounter(round.id),
      occurredAt: '18:00',
      themes: ['youth', 'health'],
      people: [{ ageBand: '18_25', gender: 'unknown' }],
    };
    const refused = await send(bad);
    expect(refused.statusCode).toBe(400);
    const problems = refused.json().error.details as { field: string; fr: string }[];
    expect(problems.map((p) => p.field).sort()).toEqual(['occurredAt', 'people.0.gender', 'themes']);
    expect(problems.find((p) => p.field === 'occurredAt')?.fr).toBe('l’heure n’est pas entre le début et la fin de la tournée');
    expect(await rows(m.tenant.id, bad.id)).toEqual({ rounds: 0, encounters: 0, people: 0 });

    const extra = await send({ ...encounter(round.id), note: 'Madame X' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details.map((p: { field: string }) => p.field)).toEqual(['note']);
    const kind = await send({ ...encounter(round.id), kind: 'situation' });
    expect(kind.json().error.details.map((p: { field: string }) => p.field)).toEqual(['kind']);
    const outOfOrder = await send({ ...roundStart(m), startedAt: '21:30' });
    expect(outOfOrder.statusCode).toBe(400);
    expect(outOfOrder.json().error.details.map((p: { field: string }) => p.field)).toEqual(['startedAt']);
    const wrongSector = await send({ ...roundStart(m), sectorId: m.sectorB });
    expect(wrongSector.json().error.details.map((p: { field: string }) => p.field)).toEqual(['sectorId']);
  });

  it('the page’s encounter form (without JavaScript) takes the position « Utiliser ma position » filled in', async () => {
    const m = await mediationTenant(database.db);
    const { browser, base, send } = await device(m);
    const round = roundStart(m);
    expect((await send(round)).statusCode).toBe(201);
    const page = await browser.get(base);
    expect(page.body).toContain('Utiliser ma position');
    expect(page.body).toContain('En attente d’envoi');
    expect(page.body).toContain(`href="/t/${m.tenant.slug}/espace/mediation/manifest.webmanifest"`);
    const id = randomUUID();
    const posted = await browser.post(
      `${base}/rencontre`,
      {
        id,
        roundId: round.id,
        occurredAt: '18:50',
        peopleCount: '1',
        themes: 'youth',
        activity: 'presence',
        lat: '44.8075',
        lon: '-0.5925',
      },
      base,
    );
    expect(posted.statusCode).toBe(303);
    const stored = await withTenant(database.db, m.tenant.id, (tx) =>
      tx.selectFrom('mediation_encounters').select('qpv_id').where('id', '=', id).executeTakeFirstOrThrow(),
    );
    expect(stored.qpv_id).toBe(m.qpv);
  });

  it('serves the service worker under the mediation pages and a manifest whose start is the field page', async () => {
    const m = await mediationTenant(database.db);
    const sw = await t.app.inject({ method: 'GET', url: `/t/${m.tenant.slug}/espace/mediation/sw.js` });
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['content-type']).toContain('text/javascript');
    expect(sw.headers['service-worker-allowed']).toBeUndefined();
    const manifest = await t.app.inject({ method: 'GET', url: `/t/${m.tenant.slug}/espace/mediation/manifest.webmanifest` });
    expect(manifest.statusCode).toBe(200);
    expect(manifest.json()).toMatchObject({
      start_url: `/t/${m.tenant.slug}/espace/mediation/terrain`,
      scope: `/t/${m.tenant.slug}/espace/mediation/`,
      display: 'standalone',
    });
    expect((await t.app.inject({ method: 'GET', url: '/static/mediation-field.js' })).statusCode).toBe(200);
  });
});

if (!onPostgres)
  console.warn(
    'Skipped: the same-moment sends test needs PostgreSQL (TEST_DATABASE_URL); the embedded engine runs one transaction at a time.',
  );

describe.skipIf(!onPostgres)('two identical sends of a new entry at the same moment (PostgreSQL)', () => {
  /** Holds the table so that both sends pass their "already recorded?" check before either inserts. */
  async function together<T>(table: EntryTable, send: () => Promise<T>): Promise<T[]> {
    let both: Promise<T[]> | undefined;
    await database.db.transaction().execute(async (tx) => {
      await sql`LOCK TABLE ${sql.table(table)} IN SHARE MODE`.execute(tx);
      both = Promise.all([send(), send()]);
      const deadline = Date.now() + 10_000;
      for (;;) {
        const waiting = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks
          WHERE relation = ${table}::regclass AND NOT granted`.execute(database.db);
        if ((waiting.rows[0]?.n ?? 0) >= 2) break;
        if (Date.now() > deadline) throw new Error('the two sends never reached their insert');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    return await (both as Promise<T[]>);
  }
  const sendTogether = async (table: EntryTable, send: () => Promise<{ statusCode: number }>) =>
    (await together(table, send)).map((a) => a.statusCode).sort();

  it('records it once and answers 201 and 200 (not 409), for a round and for an encounter', async () => {
    const m = await mediationTenant(database.db);
    const { send } = await device(m);
    const round = roundStart(m);
    expect(await sendTogether('mediation_rounds', () => send(round))).toEqual([200, 201]);
    const met = encounter(round.id);
    expect(await sendTogether('mediation_encounters', () => send(met))).toEqual([200, 201]);
    expect(await rows(m.tenant.id, round.id)).toMatchObject({ rounds: 1 });
    expect(await rows(m.tenant.id, met.id)).toEqual({ rounds: 0, encounters: 1, people: 1 });
  });

  it('records a situation, a step, a referral and a minor action once each (created, then the same entry; no 409)', async () => {
    const m = await mediationTenant(database.db);
    const ctx: OperationContext = {
      db: database.db,
      clock: t.clock,
      tenant: m.tenant,
      actor: await userActor(database.db, m.tenant, { id: m.mediatorA.userId, email: '', displayName: '' } as never),
    };
    const created = (results: { created: boolean }[]) => results.map((r) => r.created).sort();
    const situation = {
      id: randomUUID(),
      teamId: m.teamA,
      kind: 'neighbour_dispute',
      label: 'Bruit, bât. C',
      openedOn: '2026-11-18',
    };
    expect(created(await together('mediation_situations', () => openSituation(ctx, situation)))).toEqual([false, true]);
    const step = { id: randomUUID(), situationId: situation.id, kind: 'first_contact', occurredOn: '2026-11-19' };
    expect(created(await together('mediation_situation_steps', () => addSituationStep(ctx, step)))).toEqual([false, true]);
    const referral = {
      id: randomUUID(),
      teamId: m.teamA,
      partnerId: m.partnerId,
      situationId: situation.id,
      referredOn: '2026-11-20',
    };
    expect(created(await together('mediation_referrals', () => recordReferral(ctx, referral)))).toEqual([false, true]);
    const minor = { id: randomUUID(), teamId: m.teamA, takenOn: '2026-11-20', path: '119' };
    expect(created(await together('mediation_minor_actions', () => recordMinorAction(ctx, minor)))).toEqual([false, true]);

    const count = (table: EntryTable, id: string) =>
      withTenant(database.db, m.tenant.id, async (tx) =>
        Number(
          (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE id = ${id}`.execute(tx)).rows[0]?.n,
        ),
      );
    expect(await count('mediation_situations', situation.id)).toBe(1);
    expect(await count('mediation_situation_steps', step.id)).toBe(1);
    expect(await count('mediation_referrals', referral.id)).toBe(1);
    expect(await count('mediation_minor_actions', minor.id)).toBe(1);
  });
});
