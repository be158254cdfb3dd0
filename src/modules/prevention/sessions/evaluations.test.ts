import { describe, expect, it } from 'vitest';
import { systemContext } from '../../../../test/helpers/factories.js';
import { Browser, createStaff, csrfFrom } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { ManualClock } from '../../../platform/clock/clock.js';
import { applyRetention } from '../../../platform/privacy/apply-retention.js';
import { findTenantBySlug, type Tenant } from '../../../platform/tenants/tenant-queries.js';
import { addAssociation } from './add-association.js';
import { createProgramme } from './create-programme.js';
import { EVALUATION_RATE } from './evaluation-pages.js';
import { recordSession } from './record-session.js';

let database: Database;
let t: TestApp;
// Friday 27 November 2026, 11:00 in Strasbourg.
const NOW = '2026-11-27T10:00:00Z';
withTestApp((opened) => ({ database, t } = opened), { demo: true, now: NOW });

const staffPage = (slug: string) => `/t/${slug}/espace/prevention`;
const sessionPage = (slug: string, id: string) => `${staffPage(slug)}/seances/${id}`;
const tenantOf = async (slug: string) => (await findTenantBySlug(database.db, slug)) as Tenant;

async function member(slug: string, role: 'coordinator' | 'educator' | 'mediator') {
  const tenant = await tenantOf(slug);
  const staff = await createStaff(database.db, tenant, role);
  const browser = new Browser(t.app);
  await browser.signIn(staff.email);
  return { tenant, browser, userId: staff.userId };
}

let sessionCount = 0;
/** A programme of its own and one session of it, written by the test (a youth centre: no school needed). */
async function newSession(slug: string, startsAt = '2026-11-26T14:00') {
  const tenant = await tenantOf(slug);
  const ctx = systemContext(database.db, tenant, new ManualClock(new Date(NOW)));
  sessionCount++;
  const programme = await createProgramme(ctx, {
    title: `Programme d’évaluation ${sessionCount} (test)`,
    schoolYear: '2026-2027',
    goalYoungPeople: '100',
  });
  const association = await addAssociation(ctx, {
    name: `Association d’évaluation ${sessionCount} (test)`,
    agrementReference: 'AGR-EVAL',
    agrementOn: '2025-01-01',
    programmeIds: [programme.id],
  });
  const session = await recordSession(ctx, {
    programmeId: programme.id,
    startsAt,
    placeKind: 'youth_centre',
    placeName: 'Centre socioculturel (test)',
    audienceLevel: '14-17 ans',
    reached: '20',
    associationId: association.id,
    theme: `Consentement et respect ${sessionCount} (test)`,
  });
  return { tenant, programmeId: programme.id, sessionId: session.id };
}

/** Opens the evaluation as this member; returns the code read from the page it lands on. */
async function openEvaluation(browser: Browser, slug: string, sessionId: string) {
  const page = sessionPage(slug, sessionId);
  const opened = await browser.post(`${page}/evaluation`, {}, page);
  expect(opened.statusCode).toBe(303);
  const shown = await browser.get(opened.headers.location as string);
  const code = /id="evaluation-code">([A-Z0-9-]+)</.exec(shown.body)?.[1]?.replaceAll('-', '') as string;
  expect(code).toMatch(/^[A-Z2-9]{12}$/);
  return { code, shown };
}

const answers = (learned: string, extra: Record<string, string> = {}) => ({
  learned,
  knowsWhom: '3',
  respected: '4',
  useful: '3',
  comment: '',
  ...extra,
});

/** A participant's phone: no account, a fresh cookie jar. */
async function answer(slug: string, code: string, fields: Record<string, string>, from = `/t/${slug}/avis/${code}`) {
  return new Browser(t.app).post(`/t/${slug}/avis/${code}`, fields, from);
}

const answerCount = (sessionId: string, tenantId: string) =>
  withTenant(database.db, tenantId, (tx) =>
    tx
      .selectFrom('prevention_evaluation_answers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow(),
  ).then((r) => Number(r.n));

const row = (html: string, question: string) =>
  (new RegExp(`<tr data-question="${question}">(.*?)</tr>`, 's').exec(html)?.[1] ?? '')
    .replace(/<[^>]+>/g, '|')
    .replace(/\|+/g, '|');

describe('participants’ evaluation of a session', () => {
  it('a facilitator opens it; participants answer without an account; results go through the small-number helper', async () => {
    const { sessionId } = await newSession('strasbourg');
    const educator = await member('strasbourg', 'educator');
    const before = await educator.browser.get(sessionPage('strasbourg', sessionId));
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('L’évaluation n’est pas ouverte.');
    const { code, shown } = await openEvaluation(educator.browser, 'strasbourg', sessionId);
    expect(shown.body).toContain('Évaluation ouverte');
    expect(shown.body).toContain(`/t/strasbourg/avis/${code}`);
    expect(shown.body).toContain('<svg class="evaluation-qr"');
    // 14 days after the session (26 November, 14:00).
    expect(shown.body).toContain('Ouverte jusqu’au 10 décembre 2026 à 14:00.');
    expect(shown.headers['cache-control']).toBe('no-store');
    // The code is stored as its SHA-256 only.
    const stored = await withTenant(database.db, educator.tenant.id, (tx) =>
      tx.selectFrom('prevention_session_evaluations').selectAll().where('session_id', '=', sessionId).executeTakeFirstOrThrow(),
    );
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(stored.opened_by).toBe(educator.userId);
    // Reloaded without the code in the address, the page does not show it again; a forged code is not shown.
    const later = await educator.browser.get(sessionPage('strasbourg', sessionId));
    expect(later.body).not.toContain(code);
    expect(later.body).toContain('Code perdu ?');
    const forged = await educator.browser.get(`${sessionPage('strasbourg', sessionId)}?code=ABCDEFGHJKMN`);
    expect(forged.body).not.toContain('ABCD-EFGH-JKMN');

    // A participant types the code from the board, in lower case with dashes.
    const phone = new Browser(t.app);
    const typed = await phone.get(
      `/t/strasbourg/avis?code=${code.slice(0, 4).toLowerCase()}-${code.slice(4, 8)}-${code.slice(8)}`,
    );
    expect(typed.statusCode).toBe(303);
    expect(typed.headers.location).toBe(`/t/strasbourg/avis/${code}`);
    const form = await phone.get(`/t/strasbourg/avis/${code}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Consentement et respect');
    expect(form.body).toContain('J’ai appris quelque chose.');
    expect(form.body.match(/type="radio"/g)).toHaveLength(16);
    expect(form.body).not.toMatch(/<script(?![^>]*quick-exit)/);
    const sent = await phone.post(
      `/t/strasbourg/avis/${code}`,
      answers('4', { comment: 'Très bien, merci.' }),
      `/t/strasbourg/avis/${code}`,
    );
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/t/strasbourg/avis/merci');
    expect((await phone.get('/t/strasbourg/avis/merci')).body).toContain('Merci pour votre avis !');

    // Three more: four answers in all, under k = 5. Every figure is hidden, and the free texts too.
    for (const learned of ['4', '3', '4']) expect((await answer('strasbourg', code, answers(learned))).statusCode).toBe(303);
    const few = await educator.browser.get(sessionPage('strasbourg', sessionId));
    expect(few.body).toContain('Réponses reçues : moins de 5.');
    expect(row(few.body, 'learned')).toBe('|J’ai appris quelque chose.|0|0|secret stat.|secret stat.|secret stat.|');
    expect(few.body).toContain('Les commentaires libres ne s’affichent qu’à partir de 5 réponses');
    expect(few.body).not.toContain('Très bien, merci.');
    const fewComments = await educator.browser.get(`${sessionPage('strasbourg', sessionId)}?commentaires=1`);
    expect(fewComments.body).not.toContain('Très bien, merci.');

    // Five more: nine answers. « Tout à fait d'accord » (7) shows; « plutôt d'accord » (2) and its complement do not.
    for (const learned of ['4', '4', '4', '4', '4']) await answer('strasbourg', code, answers(learned));
    const enough = await educator.browser.get(sessionPage('strasbourg', sessionId));
    expect(enough.body).toContain('Réponses reçues : 9.');
    expect(row(enough.body, 'learned')).toBe('|J’ai appris quelque chose.|0|0|secret stat.|secret stat.|9|');
    // Each question is protected on its own row: nothing hidden in « respected ».
    expect(row(enough.body, 'respected')).toBe('|Je me suis senti·e respecté·e pendant la séance.|0|0|0|9|9|');
    expect(enough.body).toContain('secret stat. : moins de 5');
    // The free texts only on asking, for the facilitator who opened it: the reading is audited.
    expect(enough.body).not.toContain('Très bien, merci.');
    const read = await educator.browser.get(`${sessionPage('strasbourg', sessionId)}?commentaires=1`);
    expect(read.body).toContain('<li>Très bien, merci.</li>');
    const readings = await withTenant(database.db, educator.tenant.id, (tx) =>
      tx
        .selectFrom('audit_events')
        .select(['entity_id', 'fields', 'actor'])
        .where('action', '=', 'prevention.read-evaluation-comments')
        .where('entity_id', '=', sessionId)
        .execute(),
    );
    expect(readings).toContainEqual({ entity_id: sessionId, fields: ['comment'], actor: `user:${educator.userId}` });
    // A coordinator (prevention.manage) reads them too; another educator sees the figures, never the texts.
    const coordinator = await member('strasbourg', 'coordinator');
    expect((await coordinator.browser.get(`${sessionPage('strasbourg', sessionId)}?commentaires=1`)).body).toContain(
      'Très bien, merci.',
    );
    const other = await member('strasbourg', 'educator');
    const otherPage = await other.browser.get(`${sessionPage('strasbourg', sessionId)}?commentaires=1`);
    expect(otherPage.statusCode).toBe(200);
    expect(otherPage.body).toContain('Réponses reçues : 9.');
    expect(otherPage.body).toContain('Les commentaires libres sont réservés');
    expect(otherPage.body).not.toContain('Très bien, merci.');
    // Nor may they renew or close the facilitator's evaluation.
    const page = sessionPage('strasbourg', sessionId);
    expect((await other.browser.post(`${page}/evaluation`, {}, page)).statusCode).toBe(403);
    expect((await other.browser.post(`${page}/evaluation/cloture`, {}, page)).statusCode).toBe(403);
    // The answers hold no time, no address: only the scale values and the text.
    const columns = await withTenant(database.db, educator.tenant.id, (tx) =>
      tx.selectFrom('prevention_evaluation_answers').selectAll().where('session_id', '=', sessionId).executeTakeFirstOrThrow(),
    );
    expect(Object.keys(columns).sort()).toEqual(
      ['comment', 'id', 'knows_whom', 'learned', 'respected', 'session_id', 'tenant_id', 'useful'].sort(),
    );

    // A new code: the previous one stops, the answers stay.
    const renewed = await openEvaluation(educator.browser, 'strasbourg', sessionId);
    expect(renewed.shown.body).toContain('Nouveau code créé');
    expect(renewed.code).not.toBe(code);
    expect((await new Browser(t.app).get(`/t/strasbourg/avis/${code}`)).statusCode).toBe(404);
    expect((await new Browser(t.app).get(`/t/strasbourg/avis/${renewed.code}`)).statusCode).toBe(200);
    expect(await answerCount(sessionId, educator.tenant.id)).toBe(9);
  });

  it('refuses bad input: unknown or malformed code 404, out-of-scale or missing answer and long text 400 naming the field', async () => {
    const { sessionId, tenant } = await newSession('strasbourg');
    const educator = await member('strasbourg', 'educator');
    const { code } = await openEvaluation(educator.browser, 'strasbourg', sessionId);
    const anonymous = new Browser(t.app);
    expect((await anonymous.get('/t/strasbourg/avis/ABCDEFGHJKMN')).statusCode).toBe(404);
    expect((await anonymous.get('/t/strasbourg/avis/pas-un-code')).statusCode).toBe(404);
    const unknown = await anonymous.get('/t/strasbourg/avis?code=ABCD-EFGH-JKMN');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Ce code n’existe pas');
    expect((await anonymous.get('/t/strasbourg/avis?code=12')).statusCode).toBe(400);
    // A tenant without the prevention programme has no such page.
    expect((await anonymous.get(`/t/besancon/avis/${code}`)).statusCode).toBe(404);

    const outOfScale = await answer('strasbourg', code, answers('7'));
    expect(outOfScale.statusCode).toBe(400);
    expect(outOfScale.body).toContain('href="#field-learned"');
    expect(outOfScale.body).toContain('réponse hors de l’échelle (1 à 4)');
    const missing = await answer('strasbourg', code, { ...answers('2'), useful: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#field-useful"');
    expect(missing.body).toContain('choisissez une réponse');
    // What was chosen stays chosen.
    expect(missing.body).toMatch(/id="field-learned-2" name="learned" value="2" required="" checked=""|value="2"[^>]*checked/);
    const long = await answer('strasbourg', code, answers('2', { comment: 'é'.repeat(501) }));
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('href="#field-comment"');
    expect(long.body).toContain('500 caractères au plus');
    expect((await answer('strasbourg', code, answers('2', { comment: 'é'.repeat(500) }))).statusCode).toBe(303);
    expect(await answerCount(sessionId, tenant.id)).toBe(1);
    // Without the form's CSRF token (another site posting), nothing is saved.
    const forged = await t.app.inject({
      method: 'POST',
      url: `/t/strasbourg/avis/${code}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(answers('4')).toString(),
    });
    expect(forged.statusCode).toBe(403);
    expect(await answerCount(sessionId, tenant.id)).toBe(1);
  });

  it('is rate-limited per evaluation, and closed early or 14 days after the session: a clear page, 410', async () => {
    const { sessionId, tenant } = await newSession('strasbourg');
    const educator = await member('strasbourg', 'educator');
    const { code } = await openEvaluation(educator.browser, 'strasbourg', sessionId);
    const url = `/t/strasbourg/avis/${code}`;
    const phone = new Browser(t.app);
    const csrf = csrfFrom((await phone.get(url)).body);
    const post = (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: phone.cookies, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
    // Refused answers count too: a script cannot probe without limit.
    for (let i = 0; i < EVALUATION_RATE.limit; i++) expect((await post(answers('9'))).statusCode).toBe(400);
    const limited = await post(answers('4'));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.body).toContain('Trop de réponses en peu de temps');
    expect(await answerCount(sessionId, tenant.id)).toBe(0);
    // Another evaluation is not limited by this one's counter.
    const second = await newSession('strasbourg');
    const { code: otherCode } = await openEvaluation(educator.browser, 'strasbourg', second.sessionId);
    expect((await answer('strasbourg', otherCode, answers('4'))).statusCode).toBe(303);

    // Closed by the facilitator: the link answers « closed », even to a form opened before.
    const late = new Browser(t.app);
    const lateForm = await late.get(`/t/strasbourg/avis/${otherCode}`);
    const page = sessionPage('strasbourg', second.sessionId);
    const closed = await educator.browser.submit(`${page}/evaluation/cloture`, {}, page);
    expect(closed.body).toContain('Évaluation close.');
    expect(closed.body).toContain('Close depuis le');
    const shown = await new Browser(t.app).get(`/t/strasbourg/avis/${otherCode}`);
    expect(shown.statusCode).toBe(410);
    expect(shown.body).toContain('Cette évaluation est close');
    const lateAnswer = await t.app.inject({
      method: 'POST',
      url: `/t/strasbourg/avis/${otherCode}`,
      headers: { cookie: late.cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfFrom(lateForm.body), ...answers('4') }).toString(),
    });
    expect(lateAnswer.statusCode).toBe(410);
    expect(lateAnswer.body).toContain('Cette évaluation est close');
    expect(await answerCount(second.sessionId, tenant.id)).toBe(1);

    // A session of 1 November: more than 14 days ago, its evaluation cannot be opened (400 naming it).
    const old = await newSession('strasbourg', '2026-11-01T10:00');
    const oldPage = sessionPage('strasbourg', old.sessionId);
    expect((await educator.browser.get(oldPage)).body).toContain('ne peut plus être ouverte');
    // (The page shows no button: the form is posted as from another page.)
    const refused = await educator.browser.post(`${oldPage}/evaluation`, {}, staffPage('strasbourg'));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#field-evaluation"');

    // 15 days after the session the first evaluation closes by itself.
    t.clock.set(new Date('2026-12-11T15:00:00Z'));
    try {
      expect((await new Browser(t.app).get(url)).statusCode).toBe(410);
    } finally {
      t.clock.set(new Date(NOW));
    }
  });

  it('keeps evaluations and codes to their tenant', async () => {
    const { sessionId } = await newSession('strasbourg');
    const educator = await member('strasbourg', 'educator');
    const { code } = await openEvaluation(educator.browser, 'strasbourg', sessionId);
    expect((await new Browser(t.app).get(`/t/vandoeuvre-les-nancy/avis/${code}`)).statusCode).toBe(404);
    // Posted with a valid form token (from Strasbourg's form), the code is still unknown in Vandœuvre.
    expect((await answer('vandoeuvre-les-nancy', code, answers('4'), `/t/strasbourg/avis/${code}`)).statusCode).toBe(404);
    const vandoeuvre = await member('vandoeuvre-les-nancy', 'coordinator');
    expect((await vandoeuvre.browser.get(sessionPage('vandoeuvre-les-nancy', sessionId))).statusCode).toBe(404);
    const page = sessionPage('vandoeuvre-les-nancy', sessionId);
    const refused = await vandoeuvre.browser.post(`${page}/evaluation`, {}, staffPage('vandoeuvre-les-nancy'));
    expect(refused.statusCode).toBe(404);
  });

  it('Strasbourg’s demo: a past session with 23 answers, some values shown and some hidden, and harmless comments', async () => {
    const coordinator = await member('strasbourg', 'coordinator');
    const home = await coordinator.browser.get(staffPage('strasbourg'));
    const id = /href="\/t\/strasbourg\/espace\/prevention\/seances\/([0-9a-f-]{36})"/g;
    let found: string | undefined;
    for (const match of home.body.matchAll(id)) {
      const shown = await coordinator.browser.get(sessionPage('strasbourg', match[1] as string));
      if (shown.body.includes('Réponses reçues : 23.')) found = shown.body;
    }
    expect(found).toBeDefined();
    expect(row(found as string, 'learned')).toBe('|J’ai appris quelque chose.|secret stat.|secret stat.|9|10|23|');
    expect(row(found as string, 'respected')).toContain('|0|0|5|18|23|');
    expect(found).toContain('Harcèlement et cyberharcèlement LGBTIphobes');
  });

  it('erases the free texts a year after the session (retention rule), keeping the scale answers', async () => {
    const { sessionId, tenant } = await newSession('strasbourg');
    const educator = await member('strasbourg', 'educator');
    const { code } = await openEvaluation(educator.browser, 'strasbourg', sessionId);
    await answer('strasbourg', code, answers('4', { comment: 'À effacer dans un an.' }));
    const ctx = systemContext(database.db, tenant, new ManualClock(new Date('2027-11-27T10:00:00Z')));
    const purged = await applyRetention(ctx, undefined);
    expect(purged['prevention-evaluation-comments']).toBeGreaterThanOrEqual(1);
    const left = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('prevention_evaluation_answers').select(['comment', 'learned']).where('session_id', '=', sessionId).execute(),
    );
    expect(left).toEqual([{ comment: null, learned: 4 }]);
  });
});
