import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Browser } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { groupsTenant, idFrom } from './groups-test-setup.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened));

// Words that exist only inside the confidential group: none may appear in a page an outsider reaches.
const SECRETS = [
  'Objet confidentiel Bleuet',
  'Hall du bâtiment Kestrel',
  'Compte rendu Zéphyr',
  'Ordre du jour Opaline',
  'Relancer Quartz',
];

const auditCount = async (tenantId: string, action: string) =>
  Number(
    (
      await database.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('action', '=', action)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('what is shared in a working group stays in the group', () => {
  it('no outsider reaches it through any page, image, form, list or figure; views are audited; a removed member loses it at once', async () => {
    const town = await groupsTenant(database.db, t.app, ['mediation', 'safe-places']);
    const coordinator = await town.person('coordinator', 'coordinator');
    const member = await town.person('member', 'partner_organisation');
    const otherGroupMember = await town.person('other', 'police_manager');
    const otherCoordinator = await town.person('coordinator-2', 'coordinator');
    const venue = await town.person('venue', 'partner_venue');
    const funder = await town.person('funder', 'funding_member');
    const publicBrowser = new Browser(t.app);
    await town.report('point-de-deal', '2026-10-03T20:00:00Z');

    // The confidential group, with a place, a meeting with its minutes, and a follow-up.
    const made = await coordinator.browser.post(
      `${town.base}/`,
      { name: 'Groupe Alpha', kind: 'thematic', purpose: SECRETS[0] as string, categoryIds: town.category('point-de-deal') },
      `${town.base}/`,
    );
    const groupId = idFrom(made.headers.location, 'groupes');
    const group = `${town.base}/${groupId}`;
    await coordinator.browser.post(`${group}/membres`, { userId: member.userId }, `${town.base}/`);
    const placed = await coordinator.browser.post(
      `${group}/lieux`,
      { name: SECRETS[1] as string, origin: 'member', lat: '48.6567', lon: '6.1752', radiusM: '100' },
      group,
    );
    const place = `${group}/lieux/${idFrom(placed.headers.location, 'lieux')}`;
    const met = await coordinator.browser.post(
      `${group}/reunions`,
      { startsAt: '2026-11-20T18:00', endsAt: '2026-11-20T19:30', place: 'Salle B', agenda: SECRETS[3] as string },
      group,
    );
    const meeting = `${group}/reunions/${idFrom(met.headers.location, 'reunions')}`;
    await coordinator.browser.post(meeting, { minutes: SECRETS[2] as string }, meeting);
    await coordinator.browser.post(`${meeting}/suites`, { title: SECRETS[4] as string, ownerId: member.userId }, meeting);
    // Another group, of which the police manager is a member.
    const other = await coordinator.browser.post(`${town.base}/`, { name: 'Groupe Bêta', kind: 'thematic' }, `${town.base}/`);
    await coordinator.browser.post(
      `${town.base}/${idFrom(other.headers.location, 'groupes')}/membres`,
      { userId: otherGroupMember.userId },
      `${town.base}/`,
    );

    // The member sees it all.
    for (const url of [group, meeting, place]) {
      const seen = await member.browser.get(url);
      expect(seen.statusCode, url).toBe(200);
    }
    expect((await member.browser.get(group)).body).toContain(SECRETS[0]);
    expect((await member.browser.get(meeting)).body).toContain(SECRETS[2]);

    // Every way in, for every outsider: pages, the map image, every form, and an API path.
    const reads = [group, `${group}/carte.svg`, meeting, place, `/api/v1/t/${town.tenant.slug}/coordination/groups/${groupId}`];
    const writes: [string, Record<string, string>][] = [
      [`${group}/reunions`, { startsAt: '2026-12-01T10:00', endsAt: '2026-12-01T11:00' }],
      [meeting, { minutes: 'écrasé' }],
      [`${meeting}/suites`, { title: 'Intrus', ownerId: member.userId }],
      [`${group}/suites`, { title: 'Intrus', ownerId: member.userId }],
      [`${group}/lieux`, { name: 'Intrus', origin: 'member', lat: '48.65', lon: '6.17' }],
      [`${place}/actions`, { kind: 'cleaning', doneOn: '2026-11-01', organisation: 'Intrus' }],
    ];
    const readsBefore = await auditCount(town.tenant.id, 'coordination.read-group');
    const outsiders = { otherGroupMember, otherCoordinator, venue, funder, public: { browser: publicBrowser } };
    for (const [who, { browser }] of Object.entries(outsiders)) {
      for (const url of reads) {
        const answer = await browser.get(url);
        expect([302, 303, 401, 403, 404], `${who} GET ${url}`).toContain(answer.statusCode);
        for (const secret of SECRETS) expect(answer.body, `${who} GET ${url}`).not.toContain(secret);
        expect(answer.body, `${who} GET ${url}`).not.toContain('Groupe Alpha');
      }
      for (const [url, fields] of writes) {
        const answer = await browser.post(url, fields, `/t/${town.tenant.slug}/espace/`);
        expect([302, 303, 401, 403, 404], `${who} POST ${url}`).toContain(answer.statusCode);
        for (const secret of SECRETS) expect(answer.body).not.toContain(secret);
      }
      // Pages they may reach: the staff home, the reports pages, the public figures and their exports.
      for (const url of [
        `/t/${town.tenant.slug}/espace/`,
        `${town.base}/`,
        `/t/${town.tenant.slug}/espace/signalements`,
        `/t/${town.tenant.slug}/signalements`,
        `/t/${town.tenant.slug}/signalements.csv`,
        `/t/${town.tenant.slug}/signalements.geojson`,
      ]) {
        const answer = await browser.get(url);
        for (const secret of SECRETS) expect(answer.body, `${who} GET ${url}`).not.toContain(secret);
        if (who !== 'otherCoordinator') expect(answer.body, `${who} GET ${url}`).not.toContain('Groupe Alpha');
      }
    }
    // The other coordinator administers groups: the name and the members, never the content.
    const admin = await otherCoordinator.browser.get(`${town.base}/`);
    expect(admin.body).toContain('Groupe Alpha');
    expect(admin.body).toContain('Agent partner_organisation');
    // Nothing was written by the attempts, and no read was recorded for them (they read nothing).
    expect(await auditCount(town.tenant.id, 'coordination.read-group')).toBe(readsBefore);
    const intruded = await database.db
      .selectFrom('coordination_group_tasks')
      .select('id')
      .where('tenant_id', '=', town.tenant.id)
      .where('title', '=', 'Intrus')
      .execute();
    expect(intruded).toEqual([]);

    // Every view of the group's content is an audited read, one per view.
    const views = async () =>
      (await auditCount(town.tenant.id, 'coordination.read-group')) +
      (await auditCount(town.tenant.id, 'coordination.read-group-map')) +
      (await auditCount(town.tenant.id, 'coordination.read-group-meeting')) +
      (await auditCount(town.tenant.id, 'coordination.read-group-place'));
    const before = await views();
    for (const url of [group, `${group}/carte.svg`, meeting, place]) await member.browser.get(url);
    expect(await views()).toBe(before + 4);

    // The database itself hides the content from a non-member, even to a query that forgets to check membership.
    const seenBy = (userId: string) =>
      withTenant(
        database.db,
        town.tenant.id,
        async (tx) => ({
          meetings: (await tx.selectFrom('coordination_group_meetings').select('minutes').execute()).map((m) => m.minutes),
          places: (await tx.selectFrom('coordination_group_places').select('name').execute()).map((p) => p.name),
          tasks: (await tx.selectFrom('coordination_group_tasks').select('title').execute()).map((k) => k.title),
        }),
        { userId },
      );
    expect(await seenBy(member.userId)).toEqual({ meetings: [SECRETS[2]], places: [SECRETS[1]], tasks: [SECRETS[4]] });
    expect(await seenBy(otherCoordinator.userId)).toEqual({ meetings: [], places: [], tasks: [] });
    const anonymous = await withTenant(database.db, town.tenant.id, (tx) =>
      sql<{ n: number }>`SELECT count(*)::integer AS n FROM coordination_group_meetings`.execute(tx),
    );
    expect(anonymous.rows[0]?.n).toBe(0);

    // A member removed loses access at once: pages and the database alike.
    await coordinator.browser.post(`${group}/membres/retirer`, { userId: member.userId }, `${town.base}/`);
    for (const url of [group, `${group}/carte.svg`, meeting, place]) {
      const answer = await member.browser.get(url);
      expect(answer.statusCode, url).toBe(404);
      for (const secret of SECRETS) expect(answer.body).not.toContain(secret);
    }
    expect(await seenBy(member.userId)).toEqual({ meetings: [], places: [], tasks: [] });
  });
});
