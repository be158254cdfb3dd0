import { describe, expect, it } from 'vitest';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { groupsTenant, idFrom, postRepeated } from './groups-test-setup.js';

let database: Database;
let t: TestApp;
// Wednesday 25 November 2026, 23:30 in Paris.
withTestApp((opened) => ({ database, t } = opened));

const count = async (
  table: 'coordination_group_tasks' | 'coordination_group_meetings' | 'coordination_group_places',
  tenantId: string,
) =>
  Number(
    (
      await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('a working group follows a place of concern through meetings and actions', () => {
  it('a coordinator opens a group, names a partner, adds a place from a report, meets, acts, and sees the place improve', async () => {
    const town = await groupsTenant(database.db, t.app);
    const coordinator = await town.person('coordinator', 'coordinator');
    const partner = await town.person('partner', 'partner_organisation');
    // Deal-point reports at the place: three in August, two in September, one in November (after the cleaning).
    for (const at of [
      '2026-08-03T20:00:00Z',
      '2026-08-14T21:00:00Z',
      '2026-08-20T22:00:00Z',
      '2026-09-09T20:00:00Z',
      '2026-09-19T20:00:00Z',
    ])
      await town.report('point-de-deal', at);
    const first = await town.report('point-de-deal', '2026-08-01T20:00:00Z');
    await town.report('point-de-deal', '2026-11-10T20:00:00Z');

    const created = await coordinator.browser.post(
      `${town.base}/`,
      {
        name: 'Trafics — quartier de test',
        kind: 'territorial',
        territoryId: '',
        purpose: 'Suivre les points de deal.',
        categoryIds: town.category('point-de-deal'),
      },
      `${town.base}/`,
    );
    // A territorial group needs its territory: the form says so, nothing is created.
    expect(created.statusCode).toBe(400);
    expect(created.body).toContain('un groupe territorial a un territoire');
    const territoryId = (
      await database.db
        .selectFrom('territories')
        .select('id')
        .where('tenant_id', '=', town.tenant.id)
        .where('code', '=', 'Q1')
        .executeTakeFirstOrThrow()
    ).id;
    const ok = await coordinator.browser.post(
      `${town.base}/`,
      {
        name: 'Trafics — quartier de test',
        kind: 'territorial',
        territoryId,
        purpose: 'Suivre les points de deal.',
        categoryIds: town.category('point-de-deal'),
      },
      `${town.base}/`,
    );
    expect(ok.statusCode).toBe(303);
    const groupId = idFrom(ok.headers.location, 'groupes');
    const groupUrl = `${town.base}/${groupId}`;

    // The partner is not a member yet: the group does not exist for them.
    expect((await partner.browser.get(groupUrl)).statusCode).toBe(404);
    const named = await coordinator.browser.post(`${groupUrl}/membres`, { userId: partner.userId }, `${town.base}/`);
    expect(named.statusCode).toBe(303);
    const seen = await partner.browser.get(groupUrl);
    expect(seen.statusCode).toBe(200);
    expect(seen.headers['cache-control']).toBe('no-store');
    expect(seen.headers['referrer-policy']).toBe('no-referrer');
    expect(seen.body).toContain('Suivre les points de deal.');

    // A place from the first report (the coordinator reaches every report of the tenant).
    const placed = await coordinator.browser.post(
      `${groupUrl}/lieux`,
      { name: 'Entrée de la tour 4', origin: 'report', reportId: first.id, radiusM: '80', openedOn: '2026-09-01' },
      groupUrl,
    );
    expect(placed.statusCode).toBe(303);
    const placeId = idFrom(placed.headers.location, 'lieux');

    // A meeting that ends before it starts: 400 naming the end, nothing saved.
    const meetingsBefore = await count('coordination_group_meetings', town.tenant.id);
    const backwards = await partner.browser.post(
      `${groupUrl}/reunions`,
      { startsAt: '2026-10-02T10:00', endsAt: '2026-10-02T09:00', place: 'Mairie annexe', agenda: 'Point sur la tour 4' },
      groupUrl,
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('href="#meeting-endsAt"');
    expect(await count('coordination_group_meetings', town.tenant.id)).toBe(meetingsBefore);
    const met = await partner.browser.post(
      `${groupUrl}/reunions`,
      { startsAt: '2026-10-02T10:00', endsAt: '2026-10-02T11:30', place: 'Mairie annexe', agenda: 'Point sur la tour 4' },
      groupUrl,
    );
    expect(met.statusCode).toBe(303);
    const meetingId = idFrom(met.headers.location, 'reunions');
    const meetingUrl = `${groupUrl}/reunions/${meetingId}`;
    const minutes = await postRepeated(t.app, coordinator.browser, meetingUrl, meetingUrl, [
      ['minutes', 'Nettoyage demandé au service propreté.\nÉclairage à vérifier.'],
      ['attendeeIds', coordinator.userId],
      ['attendeeIds', partner.userId],
      ['otherAttendees', 'Bailleur social'],
    ]);
    expect(minutes.statusCode).toBe(303);

    // A task with no owner: 400 naming the owner, nothing saved; then with one.
    const tasksBefore = await count('coordination_group_tasks', town.tenant.id);
    const ownerless = await coordinator.browser.post(
      `${meetingUrl}/suites`,
      { title: 'Demander le nettoyage', ownerId: '', dueOn: '2026-10-10' },
      meetingUrl,
    );
    expect(ownerless.statusCode).toBe(400);
    expect(ownerless.body).toContain('href="#task-ownerId"');
    expect(await count('coordination_group_tasks', town.tenant.id)).toBe(tasksBefore);
    // Someone outside the group cannot own one of its tasks.
    const outsider = await town.person('outsider', 'police_manager');
    const notMember = await coordinator.browser.post(
      `${meetingUrl}/suites`,
      { title: 'Demander le nettoyage', ownerId: outsider.userId },
      meetingUrl,
    );
    expect(notMember.statusCode).toBe(400);
    expect(notMember.body).toContain('doit être membre du groupe');
    const tasked = await coordinator.browser.submit(
      `${meetingUrl}/suites`,
      { title: 'Demander le nettoyage', ownerId: partner.userId, dueOn: '2026-10-10' },
      meetingUrl,
    );
    expect(tasked.statusCode).toBe(200);
    expect(tasked.body).toContain('Demander le nettoyage');
    expect(tasked.body).toContain('Éclairage à vérifier.');
    expect(tasked.body).toContain('Bailleur social');

    // Actions at the place; one dated in the future is refused.
    const placeUrl = `${groupUrl}/lieux/${placeId}`;
    const future = await partner.browser.post(
      `${placeUrl}/actions`,
      { kind: 'cleaning', doneOn: '2026-12-01', organisation: 'Service propreté' },
      placeUrl,
    );
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('href="#action-doneOn"');
    for (const action of [
      { kind: 'cleaning', doneOn: '2026-10-05', organisation: 'Service propreté', description: 'Encombrants retirés' },
      { kind: 'lighting_repair', doneOn: '2026-10-12', organisation: 'Éclairage public', description: '' },
      { kind: 'event', doneOn: '2026-10-24', organisation: 'Centre social', description: 'Goûter en pied d’immeuble' },
    ])
      expect((await partner.browser.post(`${placeUrl}/actions`, action, placeUrl)).statusCode).toBe(303);
    const place = await partner.browser.get(placeUrl);
    expect(place.statusCode).toBe(200);
    // July to September (0, 4, 2) before the first action in October; November (1) after.
    expect(place.body).toContain('Avant la première action : 2 signalement(s) par mois en moyenne (3 mois)');
    expect(place.body).toContain('Après : 1 par mois en moyenne (1 mois)');
    expect(place.body).toContain('Goûter en pied d’immeuble');
    expect(place.body).toContain('<svg');

    // The group page lists the place with its 12-month count and first action; the map image draws it.
    const page = await partner.browser.get(groupUrl);
    expect(page.body).toContain('Entrée de la tour 4');
    expect(page.body).toContain('2026-10-05');
    const map = await partner.browser.get(`${groupUrl}/carte.svg`);
    expect(map.statusCode).toBe(200);
    expect(map.headers['content-type']).toContain('image/svg+xml');
    expect(map.headers['cache-control']).toBe('no-store');
    // Seven reports around the place: seven grey dots.
    expect(map.body.match(/fill="#6a6a6a"/g)?.length).toBe(7);

    // In English too.
    const english = await partner.browser.get(`${groupUrl}?lang=en`);
    expect(english.body).toContain('Places of concern');
    expect(english.body).toContain('Confidential: for the group’s members only.');

    // The group stops following the place: not before it began, then on a given date.
    const early = await partner.browser.post(`${placeUrl}/clore`, { closedOn: '2026-08-31' }, placeUrl);
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('href="#close-closedOn"');
    const closed = await partner.browser.submit(`${placeUrl}/clore`, { closedOn: '2026-11-20' }, placeUrl);
    expect(closed.body).toContain('Suivi clos le 2026-11-20');
  });

  it('only a coordinator creates groups and names members, and only among roles that take part', async () => {
    const town = await groupsTenant(database.db, t.app, ['mediation', 'safe-places']);
    const coordinator = await town.person('coordinator', 'coordinator');
    const partner = await town.person('partner', 'partner_organisation');
    const venue = await town.person('venue', 'partner_venue');
    const funder = await town.person('funder', 'funding_member');
    const denied = await partner.browser.post(
      `${town.base}/`,
      { name: 'Groupe non autorisé', kind: 'thematic' },
      `${town.base}/`,
    );
    expect(denied.statusCode).toBe(403);
    const created = await coordinator.browser.post(`${town.base}/`, { name: 'Tranquillité', kind: 'thematic' }, `${town.base}/`);
    const groupId = idFrom(created.headers.location, 'groupes');
    for (const who of [venue, funder]) {
      const refused = await coordinator.browser.post(`${town.base}/${groupId}/membres`, { userId: who.userId }, `${town.base}/`);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('ne permet pas de participer');
    }
    const members = await database.db
      .selectFrom('coordination_group_members')
      .select('user_id')
      .where('group_id', '=', groupId)
      .execute();
    expect(members.map((m) => m.user_id)).toEqual([coordinator.userId]);
  });
});
