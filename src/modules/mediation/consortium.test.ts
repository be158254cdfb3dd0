import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mediationTenant } from '../../../test/helpers/mediation.js';
import { Browser, createStaff, csrfFrom } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { actAsTenant, withTenant } from '../../db/tenant-transaction.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-20T19:00:00Z' });

const signedIn = async (email: string) => {
  const browser = new Browser(t.app);
  expect((await browser.signIn(email)).statusCode).toBe(303);
  return browser;
};

/** The mediation tenant, a head of mediation (a manager of no team in particular) and one member organisation. */
async function consortium() {
  const m = await mediationTenant(database.db);
  const head = await createStaff(database.db, m.tenant, 'mediation_manager');
  const organisationId = await database.db.transaction().execute(async (tx) => {
    const org = await tx
      .insertInto('organisations')
      .values({ name: 'Ville de Talence (test)', kind: 'commune', siren: null, insee_code: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await actAsTenant(tx, m.tenant.id, { operation: 'test.mediation-setup' });
    await tx
      .insertInto('tenant_organisations')
      .values({ tenant_id: m.tenant.id, organisation_id: org.id, role: 'member' })
      .execute();
    return org.id;
  });
  const page = `/t/${m.tenant.slug}/espace/mediation/consortium`;
  return { ...m, head, organisationId, page };
}

/** Posts a form whose fields may repeat (checkboxes), with the page's CSRF token, as a browser does. */
async function postMany(browser: Browser, url: string, fields: [string, string][], from: string) {
  const page = await browser.get(from);
  const payload = new URLSearchParams([['_csrf', csrfFrom(page.body)], ...fields]).toString();
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: browser.cookies, 'content-type': 'application/x-www-form-urlencoded' },
    payload,
  });
}

const state = (tenantId: string) =>
  withTenant(database.db, tenantId, async (tx) => ({
    teams: await tx.selectFrom('mediation_teams').select(['id', 'name']).orderBy('name').execute(),
    sectors: await tx.selectFrom('mediation_team_sectors').select(['team_id', 'territory_id']).execute(),
    members: await tx.selectFrom('mediation_team_members').select(['team_id', 'user_id', 'role']).execute(),
    fundings: await tx
      .selectFrom('mediation_fundings')
      .select(['organisation_id', 'team_id', 'territory_id', 'year'])
      .orderBy('year')
      .execute(),
    audit: (await tx.selectFrom('audit_events').select('action').where('action', 'like', 'mediation.%').execute()).map(
      (r) => r.action,
    ),
  }));

describe('the consortium page', () => {
  it('lets the head of mediation create and rename teams, set their territories, people and fundings — each change audited, errors naming the field', async () => {
    const c = await consortium();
    const head = await signedIn(c.head.email);
    const shown = await head.get(c.page);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Équipe A');
    expect(shown.body).toContain('Créer une équipe');
    expect((await head.get(`/t/${c.tenant.slug}/espace/mediation/terrain`)).body).toContain(c.page);

    // A team: the name is required and unique.
    const empty = await head.post(`${c.page}/equipes`, { name: '  ' }, c.page);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('indiquez le nom de l’équipe');
    expect(empty.body).toContain('href="#team-new-name"');
    const taken = await head.post(`${c.page}/equipes`, { name: 'Équipe A' }, c.page);
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('une autre équipe porte déjà ce nom');
    expect((await head.post(`${c.page}/equipes`, { name: 'Équipe Sud' }, c.page)).statusCode).toBe(303);
    let now = await state(c.tenant.id);
    const sud = now.teams.find((x) => x.name === 'Équipe Sud')?.id as string;
    expect(sud).toBeDefined();
    expect((await head.post(`${c.page}/equipes/${sud}/nom`, { name: 'Équipe Talence' }, c.page)).statusCode).toBe(303);

    // Its territories: a sector and a QPV; a bad id refuses the whole list and keeps the previous one.
    const sectors = `${c.page}/equipes/${sud}/secteurs`;
    expect(
      (
        await postMany(
          head,
          sectors,
          [
            ['territoryIds', c.sectorB],
            ['territoryIds', c.qpv],
          ],
          c.page,
        )
      ).statusCode,
    ).toBe(303);
    const bad = await postMany(
      head,
      sectors,
      [
        ['territoryIds', c.sectorA],
        ['territoryIds', randomUUID()],
      ],
      c.page,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('chaque secteur doit être un secteur, quartier, QPV ou patrimoine de la collectivité');

    // Its people: a mediator, a manager; someone without the mediator role is refused.
    const members = `${c.page}/equipes/${sud}/membres`;
    expect((await head.post(members, { userId: c.mediatorB.userId, role: 'mediator' }, c.page)).statusCode).toBe(303);
    expect((await head.post(members, { userId: c.managerA.userId, role: 'manager' }, c.page)).statusCode).toBe(303);
    const notMediator = await head.post(members, { userId: c.funder.userId, role: 'mediator' }, c.page);
    expect(notMediator.statusCode).toBe(400);
    expect(notMediator.body).toContain('cette personne n’a pas le rôle de médiateur ici');

    // Who funds it: from 2026 until 2028 (one row a year); years out of order are refused.
    const fundings = `${c.page}/financements`;
    const backwards = await head.post(
      fundings,
      { organisationId: c.organisationId, target: `team:${sud}`, fromYear: '2027', untilYear: '2026' },
      c.page,
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('l’année de fin précède l’année de début');
    const nowhere = await head.post(
      fundings,
      { organisationId: c.organisationId, target: `territory:${randomUUID()}`, fromYear: '2026', untilYear: '' },
      c.page,
    );
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.body).toContain('choisissez une équipe ou un territoire');
    expect(
      (
        await head.post(
          fundings,
          { organisationId: c.organisationId, target: `team:${sud}`, fromYear: '2026', untilYear: '2028' },
          c.page,
        )
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await head.post(
          fundings,
          { organisationId: c.organisationId, target: `territory:${c.qpv}`, fromYear: '2026', untilYear: '' },
          c.page,
        )
      ).statusCode,
    ).toBe(303);

    now = await state(c.tenant.id);
    expect(now.teams.map((x) => x.name)).toEqual(['Équipe A', 'Équipe B', 'Équipe Talence']);
    expect(
      now.sectors
        .filter((s) => s.team_id === sud)
        .map((s) => s.territory_id)
        .sort(),
    ).toEqual([c.sectorB, c.qpv].sort());
    expect(now.members.filter((x) => x.team_id === sud).sort((a, b) => a.role.localeCompare(b.role))).toEqual([
      { team_id: sud, user_id: c.managerA.userId, role: 'manager' },
      { team_id: sud, user_id: c.mediatorB.userId, role: 'mediator' },
    ]);
    expect(now.fundings).toHaveLength(4);
    expect(now.fundings).toEqual(
      expect.arrayContaining([
        { organisation_id: c.organisationId, team_id: sud, territory_id: null, year: 2026 },
        { organisation_id: c.organisationId, team_id: sud, territory_id: null, year: 2027 },
        { organisation_id: c.organisationId, team_id: sud, territory_id: null, year: 2028 },
        { organisation_id: c.organisationId, team_id: null, territory_id: c.qpv, year: 2026 },
      ]),
    );
    expect(now.audit.filter((a) => a === 'mediation.save-team')).toHaveLength(2);
    expect(now.audit.filter((a) => a === 'mediation.set-team-sectors')).toHaveLength(1);
    expect(now.audit.filter((a) => a === 'mediation.set-team-member')).toHaveLength(2);
    expect(now.audit.filter((a) => a === 'mediation.add-funding')).toHaveLength(4);

    const page = (await head.get(c.page)).body;
    expect(page).toContain('Ville de Talence (test) finance Équipe Talence en 2027');
    expect(page).toContain('Ville de Talence (test) finance QPV des Tours en 2026');
  });

  it('is closed to mediators and read-only for a manager of some teams (who cannot add themselves to another)', async () => {
    const c = await consortium();
    const mediator = await signedIn(c.mediatorA.email);
    expect((await mediator.get(c.page)).statusCode).toBe(403);
    expect((await mediator.get(`/t/${c.tenant.slug}/espace/mediation/terrain`)).body).not.toContain(c.page);

    const manager = await signedIn(c.managerA.email);
    const shown = await manager.get(c.page);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Lecture seule');
    expect(shown.body).not.toContain('Créer une équipe');
    const sneaking = await manager.post(
      `${c.page}/equipes/${c.teamB}/membres`,
      { userId: c.managerA.userId, role: 'manager' },
      `/t/${c.tenant.slug}/espace/mediation/terrain`,
    );
    expect(sneaking.statusCode).toBe(403);
    expect((await state(c.tenant.id)).members.some((x) => x.team_id === c.teamB && x.user_id === c.managerA.userId)).toBe(false);
  });

  it('a mediator removed from a team no longer reaches its records', async () => {
    const c = await consortium();
    const mediator = await signedIn(c.mediatorA.email);
    const situations = `/t/${c.tenant.slug}/espace/mediation/situations`;
    const id = randomUUID();
    const opened = await mediator.post(
      situations,
      { id, teamId: c.teamA, kind: 'neighbour_dispute', label: 'Bruit, bâtiment C', openedOn: '2026-11-19' },
      situations,
    );
    expect(opened.statusCode).toBe(303);
    expect((await mediator.get(`${situations}/${id}`)).statusCode).toBe(200);
    const before = await mediator.get(`/t/${c.tenant.slug}/espace/mediation/terrain`);
    expect(before.body).toContain('Équipe A — Secteur A');

    const head = await signedIn(c.head.email);
    const removed = await head.post(`${c.page}/equipes/${c.teamA}/membres/${c.mediatorA.userId}/retrait`, {}, c.page);
    expect(removed.statusCode).toBe(303);
    expect((await state(c.tenant.id)).members.some((x) => x.user_id === c.mediatorA.userId)).toBe(false);

    // The same session, the next request: the situation reads as not found, the team is no longer offered.
    expect((await mediator.get(`${situations}/${id}`)).statusCode).toBe(404);
    expect((await mediator.get(situations)).body).not.toContain('Bruit, bâtiment C');
    const field = await mediator.get(`/t/${c.tenant.slug}/espace/mediation/terrain`);
    expect(field.body).not.toContain('Équipe A — Secteur A');
    // A form kept open from before (a tab left open) is refused too: the team reads as not found.
    const round = await t.app.inject({
      method: 'POST',
      url: `/t/${c.tenant.slug}/espace/mediation/terrain/tournee`,
      headers: { cookie: mediator.cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrfFrom(before.body),
        id: randomUUID(),
        sectorId: `${c.teamA}|${c.sectorA}`,
        date: '2026-11-20',
        startedAt: '18:30',
      }).toString(),
    });
    expect(round.statusCode).toBe(404);
    // Removing again: nobody to remove.
    expect((await head.post(`${c.page}/equipes/${c.teamA}/membres/${c.mediatorA.userId}/retrait`, {}, c.page)).statusCode).toBe(
      404,
    );
  });
});
