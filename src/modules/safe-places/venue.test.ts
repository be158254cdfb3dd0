import { describe, expect, it } from 'vitest';
import { createTenant } from '../../../test/helpers/factories.js';
import { Browser, createStaff, STAFF_PASSWORD } from '../../../test/helpers/staff.js';
import { outbox, type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { ManualClock } from '../../platform/clock/clock.js';
import { hoursReminderJob } from './hours-reminder-job.js';

let database: Database;
let t: TestApp;
const mail = outbox();
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z', mailer: mail });

const place = {
  name: 'Bar du Pont',
  kind: 'bar',
  address: '3 rue Battant, 25000 Besançon',
  lat: '47.2395',
  lon: '6.0205',
  openingHours: 'Mo-Su 17:00-01:00',
};

describe('a partner venue', () => {
  it('is invited by the coordinator, keeps its own hours, and records a help request in three taps', async () => {
    const tenant = await createTenant(database.db, { programmes: ['safe-places'] });
    const coordinator = await createStaff(database.db, tenant, 'coordinator');
    const coord = new Browser(t.app);
    await coord.signIn(coordinator.email);
    const list = `/t/${tenant.slug}/espace/lieux`;
    const created = await coord.post(list, place, list);
    const placePage = created.headers.location as string;
    const placeId = placePage.split('/').at(-1) as string;
    const other = await coord.post(list, { ...place, name: 'Autre bar' }, list);
    const otherId = (other.headers.location as string).split('/').at(-1) as string;

    const invited = await coord.submit(`${placePage}/referent`, { email: 'gerant@bar-du-pont.test' }, placePage);
    expect(invited.statusCode).toBe(200);
    const link = new URL(/https?:\/\/\S+/.exec(mail.sent.at(-1)?.text ?? '')?.[0] ?? '');
    const venue = new Browser(t.app);
    const accepted = await venue.post(
      '/invitation',
      { t: tenant.slug, jeton: link.searchParams.get('jeton') ?? '', displayName: 'Gérant du bar', password: STAFF_PASSWORD },
      `${link.pathname}${link.search}`,
    );
    expect(accepted.statusCode).toBe(303);

    const mine = `/t/${tenant.slug}/espace/mon-lieu`;
    const page = await venue.get(mine);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Bar du Pont');
    expect(page.body).not.toContain('Autre bar');

    const badHours = await venue.submit(`${mine}/${placeId}`, { openingHours: 'toujours', confirmHours: 'yes' }, mine);
    expect(badHours.statusCode).toBe(400);
    const saved = await venue.submit(
      `${mine}/${placeId}`,
      { openingHours: 'Mo-Su 16:00-02:00', staffBriefed: 'yes', confirmHours: 'yes' },
      mine,
    );
    expect(saved.statusCode).toBe(200);

    const recorded = await venue.submit(`${mine}/${placeId}/demande`, { situation: 'followed', actions: 'sheltered' }, mine);
    expect(recorded.statusCode).toBe(200);
    expect(recorded.body).toContain('Demande enregistrée');

    // Another place is not theirs: not found, and nothing written.
    expect((await venue.submit(`${mine}/${otherId}/demande`, { situation: 'other' }, mine)).statusCode).toBe(404);
    const stored = await withTenant(database.db, tenant.id, (tx) =>
      Promise.all([
        tx
          .selectFrom('safe_places')
          .select(['opening_hours', 'staff_briefed', 'hours_confirmed_on'])
          .where('id', '=', placeId)
          .executeTakeFirstOrThrow(),
        tx.selectFrom('safe_place_help_requests').selectAll().execute(),
      ]),
    );
    expect(stored[0]).toEqual({ opening_hours: 'Mo-Su 16:00-02:00', staff_briefed: true, hours_confirmed_on: '2026-11-28' });
    expect(stored[1].map((r) => [r.place_id, r.situation, r.actions])).toEqual([[placeId, 'followed', ['sheltered']]]);
    // The venue cannot reach the coordinator's screens.
    expect((await venue.get(list)).statusCode).toBe(403);

    // Public figures: network totals per quarter, a small count hidden (and the total that would reveal it).
    const figures = () => t.app.inject({ method: 'GET', url: `/t/${tenant.slug}/angela/chiffres` }).then((r) => r.body);
    const few = await figures();
    expect(few).toMatch(/2026 T4<\/th><td>secret stat\.<\/td>/);
    expect(few).toMatch(/Total<\/th><td>secret stat\.<\/td>/);
    expect(few).toMatch(/2026 T3<\/th><td>0<\/td>/);
    for (let i = 0; i < 5; i++)
      await venue.submit(`${mine}/${placeId}/demande`, { situation: 'harassment', actions: 'called_police' }, mine);
    const more = await figures();
    expect(more).toMatch(/2026 T4<\/th><td>6<\/td>/);
    expect(more).not.toContain('Bar du Pont');

    // Five months and more without confirming: the venue is reminded once, not every day.
    await coord.submit(`${placePage}/statut`, { to: 'trained', reason: 'formation faite' }, placePage);
    await coord.submit(
      `${placePage}/statut`,
      { to: 'active', reason: 'charte signée', charterSignedOn: '2026-11-28' },
      placePage,
    );
    const later = new ManualClock(new Date('2027-05-10T08:00:00Z'));
    const before = mail.sent.length;
    const deps = { database, clock: later, mailer: mail, config: t.deps.config };
    expect(await hoursReminderJob.run(deps)).toBe('1 reminders sent');
    expect(mail.sent.at(-1)).toMatchObject({
      to: 'gerant@bar-du-pont.test',
      subject: 'Quiétude — confirmez les horaires de Bar du Pont',
    });
    expect(await hoursReminderJob.run(deps)).toBe('0 reminders sent');
    expect(mail.sent.length).toBe(before + 1);
  });
});
