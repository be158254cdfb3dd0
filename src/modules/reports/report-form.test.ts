import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { seedDemoWithoutReports } from '../../../test/helpers/demo.js';
import { mergeCookies } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';

let database: Database;
let t: TestApp;
// Saturday 28 November 2026, 23:00 in Besançon: the demo bars are open.
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z', demo: true });

const townHall = { lat: '47.2380', lon: '6.0243' };

/** A resident's phone: the form page first (cookie and CSRF token), then the multipart post. */
async function sendForm(
  fields: Record<string, string | string[]>,
  files: Buffer[] = [],
  category = 'degradation',
  remoteAddress = '192.0.2.1',
) {
  const page = await t.app.inject({ method: 'GET', url: `/t/besancon/signaler?categorie=${category}` });
  const cookies = mergeCookies('', page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const form = new FormData();
  form.append('_csrf', csrf);
  form.append('category', category);
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
  for (const [i, file] of files.entries())
    form.append('photos', new Blob([new Uint8Array(file)], { type: 'image/jpeg' }), `photo-${i}.jpg`);
  const encoded = new Response(form);
  return t.app.inject({
    method: 'POST',
    url: '/t/besancon/signaler',
    remoteAddress,
    headers: { cookie: cookies, 'content-type': encoded.headers.get('content-type') as string },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}

const countReports = async () => {
  const tenant = await requireTenant(database.db, 'besancon');
  return withTenant(database.db, tenant.id, async (tx) => ({
    reports: (
      await tx
        .selectFrom('reports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
    photos: (
      await tx
        .selectFrom('report_photos')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  }));
};

const photoWithGps = () =>
  sharp({ create: { width: 120, height: 80, channels: 3, background: '#557799' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '47/1 14/1 17/1' } })
    .toBuffer();

describe('the report form, without JavaScript', () => {
  it('says it is neither an emergency call nor a complaint, lists every category, and protects the page', async () => {
    await seedDemoWithoutReports(database.db);
    const page = await t.app.inject({ method: 'GET', url: '/t/besancon/signaler' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ceci n’est pas un appel d’urgence : en danger, appelez le 17 ou le 112 (SMS 114).');
    expect(page.body).toContain('Un signalement n’est pas une plainte.');
    for (const link of [
      'https://www.pre-plainte-en-ligne.gouv.fr/',
      'https://www.masecurite.interieur.gouv.fr/',
      'tel:116006',
      'tel:119',
      'tel:3919',
      'tel:3117',
    ])
      expect(page.body).toContain(link);
    // Private categories can be reported (never shown publicly elsewhere).
    expect(page.body).toContain('Acte contre des personnes LGBTI+');
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('Quitter rapidement');
    const form = await t.app.inject({ method: 'GET', url: '/t/besancon/signaler?categorie=eclairage' });
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toContain('Combien de lampadaires ?');
    expect(form.body).toContain('seule l’organisation qui traite votre signalement les voit');
    // A tenant that does not run the programme has no form.
    expect((await t.app.inject({ method: 'GET', url: '/t/gip-mediation-bordeaux/signaler' })).statusCode).toBe(404);
  });

  it('sends a report with a photo: stored without EXIF, followed through the token link with a generic state', async () => {
    await seedDemoWithoutReports(database.db);
    const before = await countReports();
    const sent = await sendForm({ ...townHall, description: 'Abribus cassé, vitre au sol.', reporterRole: 'witness' }, [
      await photoWithGps(),
    ]);
    expect(sent.statusCode).toBe(303);
    const follow = sent.headers.location as string;
    expect(follow).toMatch(/^\/t\/besancon\/suivi\/[A-Za-z0-9_-]{43}\?nouveau=1$/);
    const page = await t.app.inject({ method: 'GET', url: follow });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Signalement envoyé. Merci.');
    expect(page.body).toContain('Dégradation, tag, mobilier cassé');
    expect(page.body).toContain('<strong>Reçu</strong>');
    expect(page.headers['cache-control']).toContain('no-store');
    expect(await countReports()).toEqual({ reports: before.reports + 1, photos: before.photos + 1 });

    const tenant = await requireTenant(database.db, 'besancon');
    const stored = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('report_photos').select('content').executeTakeFirstOrThrow(),
    );
    const metadata = await sharp(stored.content).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(stored.content.includes(Buffer.from('PhoneMaker'))).toBe(false);

    // A reload of the follow-up page shows the state, and sends nothing again.
    expect((await t.app.inject({ method: 'GET', url: follow.split('?')[0] as string })).body).toContain(
      'Suivi de votre signalement',
    );
    expect((await countReports()).reports).toBe(before.reports + 1);
    // A token that does not exist leads nowhere.
    expect((await t.app.inject({ method: 'GET', url: `/t/besancon/suivi/${'A'.repeat(43)}` })).statusCode).toBe(404);
  });

  it('tells a victim of street harassment where to file a complaint, who helps, and the nearest safe place open now', async () => {
    await seedDemoWithoutReports(database.db);
    // The server loads the safe places at start; here the demo came after it.
    await t.app.safePlaces.load();
    const sent = await sendForm({ ...townHall, reporterRole: 'victim' }, [], 'outrage-sexiste');
    expect(sent.statusCode).toBe(303);
    const page = (await t.app.inject({ method: 'GET', url: sent.headers.location as string })).body;
    expect(page).toContain('Vous avez été victime ?');
    expect(page).toContain('Vous pouvez porter plainte');
    expect(page).toMatch(/Un lieu sûr ouvert maintenant près de là : <a href="\/t\/besancon\/angela\/lieux\/[0-9a-f-]{36}">/);
    // The way home at night: the transport authority that serves Besançon offers the drop-off between two stops.
    expect(page).toContain('<a href="/t/grand-besancon-metropole/descente">où et à quelle heure (descente à la demande)</a>');
  });

  it('refuses what is not an image (415), a point outside the town (400), a bot, a missing place — and writes nothing', async () => {
    await seedDemoWithoutReports(database.db);
    const before = await countReports();
    const pdf = await sendForm(townHall, [Buffer.from('%PDF-1.4 this is not a picture')]);
    expect(pdf.statusCode).toBe(415);
    expect(pdf.body).toContain('un fichier n’est pas une image');
    expect(pdf.body).toContain('value="47.2380"');
    const paris = await sendForm({ lat: '48.8566', lon: '2.3522' });
    expect(paris.statusCode).toBe(400);
    expect(paris.body).toContain('hors du territoire de Besançon');
    const bot = await sendForm({ ...townHall, website: 'http://spam.example' });
    expect(bot.statusCode).toBe(400);
    const nowhere = await sendForm({ description: 'quelque part' });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.body).toContain('indiquez le lieu');
    const unanswered = await sendForm(townHall, [], 'eclairage');
    expect(unanswered.statusCode).toBe(400);
    expect(unanswered.body).toContain('Combien de lampadaires ? : réponse obligatoire');
    expect(await countReports()).toEqual(before);
  });

  it('limits each connection to 20 reports an hour, counted in the database, and says so plainly', async () => {
    await seedDemoWithoutReports(database.db);
    const address = '198.51.100.7';
    for (let i = 0; i < 20; i++) expect((await sendForm(townHall, [], 'degradation', address)).statusCode).toBe(303);
    const before = await countReports();
    const refused = await sendForm(townHall, [], 'degradation', address);
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('trop de signalements depuis cette connexion');
    expect(await countReports()).toEqual(before);
    // A forged X-Forwarded-For does not make a new client (no proxy is trusted by default).
    const page = await t.app.inject({ method: 'GET', url: '/t/besancon/signaler?categorie=degradation' });
    const forged = new FormData();
    forged.append('_csrf', /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '');
    forged.append('category', 'degradation');
    forged.append('lat', townHall.lat);
    forged.append('lon', townHall.lon);
    const encoded = new Response(forged);
    const spoofed = await t.app.inject({
      method: 'POST',
      url: '/t/besancon/signaler',
      remoteAddress: address,
      headers: {
        cookie: mergeCookies('', page),
        'content-type': encoded.headers.get('content-type') as string,
        'x-forwarded-for': '203.0.113.77',
      },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
    expect(spoofed.statusCode).toBe(429);
    // Another connection is not affected; an hour later this one may report again.
    expect((await sendForm(townHall, [], 'degradation', '198.51.100.8')).statusCode).toBe(303);
    t.clock.set('2026-11-28T23:00:00Z');
    expect((await sendForm(townHall, [], 'degradation', address)).statusCode).toBe(303);
    t.clock.set('2026-11-28T22:00:00Z');
    // The table holds keyed hashes, never the address.
    const keys = await database.db.selectFrom('rate_limit_hits').select('key_hash').execute();
    expect(JSON.stringify(keys)).not.toContain(address);
  });

  it('refuses text that cannot be stored (a NUL character) with 400, not an error', async () => {
    await seedDemoWithoutReports(database.db);
    const nul = await sendForm({ ...townHall, description: 'a\u0000b' }, [], 'degradation', '203.0.113.9');
    expect(nul.statusCode).toBe(400);
    expect(nul.body).toContain('caractères illisibles');
  });
});
