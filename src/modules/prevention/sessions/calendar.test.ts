import { describe, expect, it } from 'vitest';
import { systemContext } from '../../../../test/helpers/factories.js';
import { Browser, createStaff } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { assignRole, deactivateMember, removeRole } from '../../../platform/accounts/member-operations.js';
import { ManualClock } from '../../../platform/clock/clock.js';
import { findTenantBySlug, type Tenant } from '../../../platform/tenants/tenant-queries.js';
import { monthWeeks, shiftMonth } from './calendar-page.js';
import { createProgramme } from './create-programme.js';
import { recordSession } from './record-session.js';

let database: Database;
let t: TestApp;
// Friday 27 November 2026, 11:00 in Strasbourg.
const NOW = '2026-11-27T10:00:00Z';
withTestApp((opened) => ({ database, t } = opened), { demo: true, now: NOW });

const calendar = (slug: string) => `/t/${slug}/espace/prevention/calendrier`;
const tenantOf = async (slug: string) => (await findTenantBySlug(database.db, slug)) as Tenant;

async function member(slug: string, role: 'coordinator' | 'educator' | 'police_agent' = 'educator') {
  const tenant = await tenantOf(slug);
  const staff = await createStaff(database.db, tenant, role);
  const browser = new Browser(t.app);
  await browser.signIn(staff.email);
  return { tenant, browser, userId: staff.userId };
}

/** A programme of its own with sessions at the given wall-clock times (youth centres). */
async function programmeWithSessions(slug: string, title: string, times: string[]) {
  const tenant = await tenantOf(slug);
  const ctx = systemContext(database.db, tenant, new ManualClock(new Date(NOW)));
  const programme = await createProgramme(ctx, { title, schoolYear: '2026-2027', goalYoungPeople: '50' });
  const ids: string[] = [];
  for (const [i, startsAt] of times.entries()) {
    const session = await recordSession(ctx, {
      programmeId: programme.id,
      startsAt,
      placeKind: 'youth_centre',
      placeName: 'Maison des jeunes (test)',
      audienceLevel: '15-18 ans',
      reached: '12',
      otherFacilitators: 'Médiateurs',
      theme: `${title} — séance ${i + 1}`,
    });
    ids.push(session.id);
  }
  return { programmeId: programme.id, ids };
}

/** Creates the member's feed from the calendar page; returns its address (shown once). */
async function createFeed(browser: Browser, slug: string) {
  const created = await browser.submit(`${calendar(slug)}/abonnement`, {}, calendar(slug));
  expect(created.statusCode).toBe(200);
  const url = /id="feed-link"[^>]*value="([^"]+)"/.exec(created.body)?.[1] as string;
  expect(url).toMatch(new RegExp(`/t/${slug}/prevention/calendrier/[A-Za-z0-9_-]{43}\\.ics$`));
  return { url, path: new URL(url).pathname, page: created };
}

const feed = (path: string) => t.app.inject({ method: 'GET', url: path });

describe('month helpers', () => {
  it('moves across years and lays a month out in weeks from Monday', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2027-01', -1)).toBe('2026-12');
    const weeks = monthWeeks('2026-11');
    // 1 November 2026 is a Sunday.
    expect(weeks[0]).toEqual([null, null, null, null, null, null, '2026-11-01']);
    expect(weeks.at(-1)).toEqual(['2026-11-30', null, null, null, null, null, null]);
  });
});

describe('calendar page', () => {
  it('lists the month’s sessions by day with links to each, moves between months and filters by programme', async () => {
    const a = await programmeWithSessions('strasbourg', 'Programme calendrier A (test)', [
      '2026-11-18T09:00',
      '2026-11-18T14:30',
      '2026-12-03T10:00',
    ]);
    const b = await programmeWithSessions('strasbourg', 'Programme calendrier B (test)', ['2026-11-18T16:00']);
    const { browser } = await member('strasbourg');
    const month = await browser.get(`${calendar('strasbourg')}?mois=2026-11`);
    expect(month.statusCode).toBe(200);
    expect(month.body).toContain('Calendrier des séances — novembre 2026');
    expect(month.body).toContain('<h3 id="jour-2026-11-18">mercredi 18 novembre</h3>');
    expect(month.body).toContain('href="#jour-2026-11-18"');
    expect(month.body).toContain('mercredi 18 novembre : 3 séance(s)');
    for (const id of [a.ids[0], a.ids[1], b.ids[0]]) expect(month.body).toContain(`/espace/prevention/seances/${id}"`);
    expect(month.body).not.toContain(a.ids[2]);
    // The day's sessions in time order.
    const day = month.body.slice(month.body.indexOf('id="jour-2026-11-18"'));
    expect(day.indexOf('09:00')).toBeLessThan(day.indexOf('14:30'));
    expect(day.indexOf('14:30')).toBeLessThan(day.indexOf('16:00'));
    expect(month.body).toContain('href="/t/strasbourg/espace/prevention/calendrier?mois=2026-10"');
    expect(month.body).toContain('href="/t/strasbourg/espace/prevention/calendrier?mois=2026-12"');
    const filtered = await browser.get(`${calendar('strasbourg')}?mois=2026-11&programme=${b.programmeId}`);
    expect(filtered.body).toContain(b.ids[0]);
    expect(filtered.body).not.toContain(a.ids[0]);
    expect(filtered.body).toContain(
      `href="/t/strasbourg/espace/prevention/calendrier?mois=2026-12&amp;programme=${b.programmeId}"`,
    );
    const december = await browser.get(`${calendar('strasbourg')}?mois=2026-12`);
    expect(december.body).toContain(a.ids[2]);
    // No month asked: the current one.
    expect((await browser.get(calendar('strasbourg'))).body).toContain('novembre 2026');
    // The session's page is a link away.
    const session = await browser.get(`/t/strasbourg/espace/prevention/seances/${a.ids[0]}`);
    expect(session.statusCode).toBe(200);
    expect(session.body).toContain('Programme calendrier A (test) — séance 1');
  });

  it('is for signed-in staff with the sessions permission only', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: calendar('strasbourg') });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/connexion');
    const police = await member('strasbourg', 'police_agent');
    expect((await police.browser.get(calendar('strasbourg'))).statusCode).toBe(403);
    const elsewhere = await member('vandoeuvre-les-nancy');
    expect((await elsewhere.browser.get(calendar('strasbourg'))).statusCode).toBe(404);
  });
});

describe('personal iCalendar feed', () => {
  it('serves the sessions to a calendar application by token, without a cookie, and stops when revoked', async () => {
    const { ids } = await programmeWithSessions('strasbourg', 'Programme abonnement (test)', ['2026-12-09T15:30']);
    const { browser, tenant, userId } = await member('strasbourg');
    expect((await browser.get(calendar('strasbourg'))).body).toContain('Vous n’avez pas de lien d’abonnement.');
    const { path, page } = await createFeed(browser, 'strasbourg');
    expect(page.headers['cache-control']).toBe('no-store');
    const read = await feed(path);
    expect(read.statusCode).toBe(200);
    expect(read.headers['content-type']).toContain('text/calendar');
    expect(read.headers['cache-control']).toBe('no-store');
    expect(read.headers['set-cookie']).toBeUndefined();
    // Parsed back: one VEVENT per session, this one with its time in UTC, its place, its page.
    const events = read.body.split('BEGIN:VEVENT').slice(1);
    const event = events.find((e) => e.includes(`UID:${ids[0]}@quietude`)) as string;
    expect(event).toBeDefined();
    const unfolded = event.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain('SUMMARY:Programme abonnement (test) — séance 1 — Programme abonnement (test)');
    expect(unfolded).toContain('DTSTART:20261209T143000Z');
    expect(unfolded).toContain('LOCATION:Maison des jeunes (test)');
    expect(unfolded).toContain(`URL;VALUE=URI:http://localhost:3000/t/strasbourg/espace/prevention/seances/${ids[0]}`);
    // Strasbourg's demo sessions of this school year are there too, and nothing of another tenant.
    expect(read.body).toContain('Stéréotypes et discriminations');
    expect(read.body).not.toContain('Protoxyde');
    // Neither the head's agreement nor anyone's name.
    expect(read.body).not.toMatch(/accord|chef d/i);
    // Only the hash is kept.
    const token = path.split('/').pop()?.replace('.ics', '') as string;
    const stored = await database.db
      .selectFrom('prevention_calendar_feeds')
      .selectAll()
      .where('user_id', '=', userId)
      .where('tenant_id', '=', tenant.id)
      .execute();
    expect(JSON.stringify(stored)).not.toContain(token);
    // The page does not show the link again, only that one exists.
    const again = await browser.get(calendar('strasbourg'));
    expect(again.body).not.toContain(token);
    expect(again.body).toContain('Vous avez un lien d’abonnement actif');
    // A new link replaces the old one at once.
    const renewed = await createFeed(browser, 'strasbourg');
    expect((await feed(path)).statusCode).toBe(404);
    expect((await feed(renewed.path)).statusCode).toBe(200);
    // Revoked: 404 at once.
    const revoked = await browser.submit(`${calendar('strasbourg')}/abonnement/revocation`, {}, calendar('strasbourg'));
    expect(revoked.body).toContain('Lien d’abonnement révoqué.');
    expect((await feed(renewed.path)).statusCode).toBe(404);
    // Malformed tokens never reach the database.
    expect((await feed('/t/strasbourg/prevention/calendrier/abc.ics')).statusCode).toBe(404);
    expect((await feed(`/t/strasbourg/prevention/calendrier/${token}.txt`)).statusCode).toBe(404);
  });

  it('stops at once for a removed member, and is checked against the member’s current permission', async () => {
    const { browser, tenant, userId } = await member('strasbourg');
    const { path } = await createFeed(browser, 'strasbourg');
    expect((await feed(path)).statusCode).toBe(200);
    await deactivateMember(systemContext(database.db, tenant, new ManualClock(new Date(NOW))), userId);
    expect((await feed(path)).statusCode).toBe(404);
    // A member whose role no longer grants the sessions (educator removed, police agent kept): 404 too.
    const other = await member('strasbourg');
    const { path: otherPath } = await createFeed(other.browser, 'strasbourg');
    const ctx = systemContext(database.db, tenant, new ManualClock(new Date(NOW)));
    await assignRole(ctx, { userId: other.userId, role: 'police_agent' });
    const educatorRole = await withTenant(database.db, tenant.id, (tx) =>
      tx
        .selectFrom('memberships')
        .select('id')
        .where('user_id', '=', other.userId)
        .where('role', '=', 'educator')
        .executeTakeFirstOrThrow(),
    );
    await removeRole(ctx, educatorRole.id);
    expect((await feed(otherPath)).statusCode).toBe(404);
    // Given back the role, the same link works again: it stands for the member, checked at each read.
    await assignRole(ctx, { userId: other.userId, role: 'educator' });
    expect((await feed(otherPath)).statusCode).toBe(200);
  });

  it('keeps tokens to their tenant', async () => {
    const { browser } = await member('strasbourg');
    const { path } = await createFeed(browser, 'strasbourg');
    expect((await feed(path.replace('/t/strasbourg/', '/t/vandoeuvre-les-nancy/'))).statusCode).toBe(404);
    // A tenant without the prevention programme has no feed at all.
    expect((await feed(path.replace('/t/strasbourg/', '/t/besancon/'))).statusCode).toBe(404);
    // Vandœuvre's own feed shows Vandœuvre's sessions only.
    const vandoeuvre = await member('vandoeuvre-les-nancy');
    const own = await createFeed(vandoeuvre.browser, 'vandoeuvre-les-nancy');
    const body = (await feed(own.path)).body;
    expect(body).toContain('Protoxyde d’azote');
    expect(body).not.toContain('Stéréotypes et discriminations');
  });
});
