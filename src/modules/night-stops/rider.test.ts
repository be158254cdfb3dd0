import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWithoutReports } from '../../../test/helpers/demo.js';
import { Browser } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { DEMO_PASSWORD, demoEmail } from '../../platform/demo/demo-tenants.js';
import { DEMO_NIGHT_ROUTES } from './demo-night-feed.js';

let database: Database;
let t: TestApp;
// Wednesday 2 December 2026, 22:30 in Besançon.
withTestApp((opened) => ({ database, t } = opened), { now: '2026-12-02T21:30:00Z', demo: true });

beforeAll(async () => {
  await seedDemoWithoutReports(database.db);
});

const AOM = 'grand-besancon-metropole';
const API = `/api/v1/t/${AOM}/night-stops/check`;
// The demo lines are drawn in metres east and north of Besançon's centre (47.238, 6.0243).
const M_PER_DEG_LAT = 111_195;
const at = (east: number, north: number) => ({
  lat: 47.238 + north / M_PER_DEG_LAT,
  lon: 6.0243 + east / (M_PER_DEG_LAT * Math.cos((47.238 * Math.PI) / 180)),
});
const check = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: API, payload: body });
const N1 = DEMO_NIGHT_ROUTES.N1;

describe('may I get off here? (API)', () => {
  it('allows a point between two stops of an open section tonight, and says between which stops and from when', async () => {
    const answer = await check({ route_id: N1, direction_id: 0, ...at(1250, 320) });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      allowed: true,
      from_time: '22:00',
      between: { from_stop: { name: 'Rivotte' }, to_stop: { name: 'Chaprais Mairie annexe' } },
      instructions: { fr: expect.stringContaining('Prévenez le conducteur au moins un arrêt avant') },
    });
  });

  it('refuses where the rules say no, with the reason and the nearest allowed point', async () => {
    const early = await check({ route_id: N1, direction_id: 0, ...at(1250, 320), at: '2026-12-02T15:00:00+01:00' });
    expect(early.json()).toMatchObject({ allowed: false, reason: 'too_early', from_time: '22:00' });
    // Towards Palente the section starts at Chamars: Saint-Ferjeux is outside it.
    const outside = (await check({ route_id: N1, direction_id: 0, ...at(-2050, -600) })).json();
    expect(outside).toMatchObject({ allowed: false, reason: 'section_not_allowed' });
    expect(outside.nearest_allowed.between.from_stop.name).toBe('Chamars');
    const roundabout = (await check({ route_id: N1, direction_id: 0, ...at(-350, -75) })).json();
    expect(roundabout).toMatchObject({
      allowed: false,
      reason: 'forbidden_zone',
      zone: { name: 'Giratoire de Chamars (démo)', reason: 'roundabout' },
    });
    const atStop = (await check({ route_id: N1, direction_id: 0, ...at(805, 150) })).json();
    expect(atStop).toMatchObject({ allowed: false, reason: 'too_close_to_stop' });
    // N2 back towards Temis runs its section from Thursday to Saturday only.
    const notTonight = (await check({ route_id: DEMO_NIGHT_ROUTES.N2, direction_id: 1, ...at(250, -1000) })).json();
    expect(notTonight).toMatchObject({ allowed: false, reason: 'not_at_this_time' });
    expect(
      (
        await check({ route_id: DEMO_NIGHT_ROUTES.N2, direction_id: 1, ...at(250, -1000), at: '2026-12-04T23:00:00+01:00' })
      ).json(),
    ).toMatchObject({
      allowed: true,
    });
  });

  it('names what is wrong in a bad question', async () => {
    const far = await check({ route_id: N1, direction_id: 0, lat: 95, lon: 6 });
    expect(far.statusCode).toBe(400);
    expect(far.body).toContain('lat');
    const line = await check({ route_id: 'N9', direction_id: 0, ...at(0, 0) });
    expect(line.statusCode).toBe(400);
    expect(line.json().error.details).toEqual([expect.objectContaining({ field: 'route_id' })]);
    const late = await check({ route_id: N1, direction_id: 0, ...at(0, 0), at: '2031-01-01T23:00:00+01:00' });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.details).toEqual([
      expect.objectContaining({ field: 'at', message: expect.stringContaining('service period') }),
    ]);
    const direction = await check({ route_id: N1, direction_id: 2, ...at(0, 0) });
    expect(direction.statusCode).toBe(400);
    expect(direction.body).toContain('direction_id');
    // A commune has no night network of its own.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/t/besancon/night-stops/check',
          payload: { route_id: N1, direction_id: 0, ...at(0, 0) },
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('the rider’s page, without JavaScript', () => {
  it('is reached from the commune, lists tonight’s sections and answers a point sent by the form', async () => {
    const home = await t.app.inject({ method: 'GET', url: '/t/besancon/' });
    expect(home.body).toContain(`href="/t/${AOM}/descente"`);
    const moved = await t.app.inject({ method: 'GET', url: '/t/besancon/descente' });
    expect(moved.statusCode).toBe(302);
    expect(moved.headers.location).toBe(`/t/${AOM}/descente`);
    const page = await t.app.inject({ method: 'GET', url: `/t/${AOM}/descente` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Entre « Chamars » et « Palente Terminus », de 22:00 à 01:30');
    expect(page.body).toContain('tel:17');
    expect(page.headers['cache-control']).toContain('no-store');
    const point = at(1250, 320);
    const answer = await t.app.inject({
      method: 'POST',
      url: `/t/${AOM}/descente`,
      payload: { line: `${N1}|0`, lat: String(point.lat), lon: String(point.lon), time: '' },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('Possible ici à partir de 22:00 — prévenez le conducteur au moins un arrêt avant.');
    expect(answer.body).toContain('Entre les arrêts « Rivotte » et « Chaprais Mairie annexe ».');
    const english = await t.app.inject({
      method: 'POST',
      url: `/t/${AOM}/descente?lang=en`,
      payload: { line: `${N1}|0`, lat: String(point.lat), lon: String(point.lon), time: '15:00' },
    });
    expect(english.body).toContain('Possible here from 22:00 — not yet at the time asked.');
    const nowhere = await t.app.inject({ method: 'POST', url: `/t/${AOM}/descente`, payload: { line: `${N1}|0`, address: '' } });
    expect(nowhere.body).toContain('Indiquez une adresse ou un lieu, touchez le plan de la ligne, ou utilisez votre position.');
  });
});

describe('the rider’s page: a tap on the map, a known place, the lines near a point', () => {
  const ask = (payload: Record<string, string>) => t.app.inject({ method: 'POST', url: `/t/${AOM}/descente`, payload });

  it('reads a tap on the line’s map as the place under it', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/t/${AOM}/descente?ligne=${encodeURIComponent(`${N1}|0`)}` });
    const image = /<input type="image" name="carte" class="tap-map" src="([^"]+)" width="(\d+)" height="(\d+)"/.exec(page.body);
    expect(image, 'the map is a button one taps, without JavaScript').not.toBeNull();
    const svg = await t.app.inject({ method: 'GET', url: image![1]!.replaceAll('&amp;', '&') });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain(`width="${image![2]}" height="${image![3]}"`);
    // The stops are drawn in trip order: Rivotte is the 8th, Chaprais the 9th. A tap halfway between them:
    const stops = [...svg.body.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="3"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(stops).toHaveLength(11);
    const [rivotte, chaprais] = [stops[7]!, stops[8]!];
    const tap = { x: Math.round((rivotte[0]! + chaprais[0]!) / 2), y: Math.round((rivotte[1]! + chaprais[1]!) / 2) };
    const answer = await ask({ line: `${N1}|0`, map_line: `${N1}|0`, 'carte.x': String(tap.x), 'carte.y': String(tap.y) });
    expect(answer.body).toContain('Oui, c’est possible');
    expect(answer.body).toContain('Entre les arrêts « Rivotte » et « Chaprais Mairie annexe ».');
    // On a stop's circle: too close to the stop.
    const onStop = await ask({
      line: `${N1}|0`,
      map_line: `${N1}|0`,
      'carte.x': String(Math.round(rivotte[0]!)),
      'carte.y': String(Math.round(rivotte[1]!)),
    });
    expect(onStop.body).toContain('Trop près d’un arrêt');
    // Enter pressed on the map sends (0, 0): not a place, so the form asks for one.
    const keyboard = await ask({ line: `${N1}|0`, map_line: `${N1}|0`, 'carte.x': '0', 'carte.y': '0', address: '' });
    expect(keyboard.body).toContain('Indiquez une adresse ou un lieu');
    // An unknown line has no map.
    expect((await t.app.inject({ method: 'GET', url: `/t/${AOM}/descente/carte.svg?ligne=NOPE%7C0` })).statusCode).toBe(404);
  });

  it('checks a known place, and finds the lines running tonight near it', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/t/${AOM}/descente` });
    const concerts = /<option value="([0-9a-f-]{36})">Salle de concerts des Chaprais \(démo\)<\/option>/.exec(page.body)![1]!;
    const checked = await ask({ line: `${N1}|0`, place: concerts });
    expect(checked.body).toContain('Entre les arrêts « Rivotte » et « Chaprais Mairie annexe ».');
    const near = await ask({ line: '', place: concerts });
    expect(near.body).toContain('Lignes de nuit près de ce point ce soir');
    expect(near.body).toContain('Vérifier : Ligne N1 → Palente Terminus');
    expect(near.body).toContain('Vérifier : Ligne N1 → Planoise Centre');
    expect(near.body).not.toContain('Vérifier : Ligne N2');
    // Each line found is one button away from the answer, the point in the body.
    const far = at(9000, 9000);
    const none = await ask({ line: '', lat: String(far.lat), lon: String(far.lon) });
    expect(none.body).toContain('Aucune ligne qui circule ce soir ne passe à moins de 600 m de ce point.');
    const gone = await ask({ line: `${N1}|0`, place: '00000000-0000-0000-0000-000000000000' });
    expect(gone.body).toContain('Ce lieu n’existe plus');
  });
});

const popplerPresent = spawnSync('pdftotext', ['-v']).error === undefined;
if (!popplerPresent) console.warn('Driver sheet text: skipped, no pdftotext (apt-get install -y poppler-utils).');

describe('the authority’s rules and the driver sheet', () => {
  it('the coordinator adds a section and a zone (bad ones named, nothing written), and the next answer follows', async () => {
    const coordinator = new Browser(t.app);
    await coordinator.signIn(demoEmail('coordinator', AOM), DEMO_PASSWORD);
    const rules = `/t/${AOM}/espace/descente/regles`;
    const page = await coordinator.get(`${rules}?ligne=${encodeURIComponent(`${N1}|0`)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Giratoire de Chamars (démo)');
    const section = {
      line: `${N1}|0`,
      fromStopId: 'GBM-PLANOISE-CENTRE',
      toStopId: 'GBM-SAINT-FERJEUX',
      'day-we': 'yes',
      start: '22:00',
      end: '01:00',
    };
    const backwards = await coordinator.post(
      `${rules}/sections`,
      { ...section, fromStopId: 'GBM-SAINT-FERJEUX', toStopId: 'GBM-PLANOISE-CENTRE' },
      rules,
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('choisissez un arrêt situé après le premier');
    const badTime = await coordinator.post(`${rules}/sections`, { ...section, start: '25:00' }, rules);
    expect(badTime.statusCode).toBe(400);
    expect(badTime.body).toContain('une heure comme 22:00');
    const rosemont = at(-2950, -880);
    expect((await check({ route_id: N1, direction_id: 0, ...rosemont })).json().allowed).toBe(false);
    const added = await coordinator.submit(`${rules}/sections`, section, rules);
    expect(added.statusCode).toBe(200);
    expect((await check({ route_id: N1, direction_id: 0, ...rosemont })).json()).toMatchObject({
      allowed: true,
      from_time: '22:00',
    });

    const zone = { name: 'Voies du tram (démo)', reason: 'tram_tracks', geometry: '{"type":"Point","coordinates":[6,47]}' };
    const badZone = await coordinator.post(`${rules}/zones`, zone, rules);
    expect(badZone.statusCode).toBe(400);
    expect(badZone.body).toContain('un polygone GeoJSON est attendu');
    expect(badZone.body).not.toContain('<li>Voies du tram (démo)');
  });

  it('the coordinator draws a zone by tapping its corners, and places a known place riders can choose', async () => {
    const coordinator = new Browser(t.app);
    await coordinator.signIn(demoEmail('coordinator', AOM), DEMO_PASSWORD);
    const rules = `/t/${AOM}/espace/descente/regles`;
    const line = `${N1}|0`;
    const page = await coordinator.get(`${rules}?ligne=${encodeURIComponent(line)}`);
    expect(page.body).toContain('formaction="/t/grand-besancon-metropole/espace/descente/regles/zones/dessin"');
    // Three taps around Rivotte (about 200 m across) on the 560-pixel drawing map; each returns the corners so far.
    const svg = await coordinator.get(`${rules}/carte.svg?ligne=${encodeURIComponent(line)}`);
    expect(svg.statusCode).toBe(200);
    const stops = [...svg.body.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="5"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const [x, y] = [Math.round(stops[7]![0]!), Math.round(stops[7]![1]!)];
    let vertices = '';
    let outline = '';
    for (const [dx, dy] of [
      [-12, -12],
      [12, -12],
      [0, 16],
    ]) {
      const drawn = await coordinator.post(
        `${rules}/zones/dessin`,
        {
          line,
          vertices,
          name: 'Travaux rue Rivotte (démo)',
          reason: 'other',
          geometry: '',
          'carte.x': String(x + dx!),
          'carte.y': String(y + dy!),
        },
        rules,
      );
      expect(drawn.statusCode).toBe(200);
      vertices = /name="vertices" value="([^"]*)"/.exec(drawn.body)![1]!;
      outline = /<textarea id="zone-geometry"[^>]*>([^<]*)</.exec(drawn.body)![1]!.replaceAll('&quot;', '"');
    }
    expect(vertices.split(';')).toHaveLength(3);
    // From the third corner the outline is filled in, closed, ready to add.
    expect(JSON.parse(outline)).toMatchObject({ type: 'Polygon', coordinates: [expect.any(Array)] });
    expect(JSON.parse(outline).coordinates[0]).toHaveLength(4);
    // 80 m past Rivotte towards Chaprais: allowed before, refused for the drawn zone after.
    const pastRivotte = at(875.9, 175.3);
    expect((await check({ route_id: N1, direction_id: 0, ...pastRivotte })).json()).toMatchObject({ allowed: true });
    const saved = await coordinator.submit(
      `${rules}/zones`,
      { line, name: 'Travaux rue Rivotte (démo)', reason: 'other', geometry: outline },
      rules,
    );
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Travaux rue Rivotte (démo)');
    expect((await check({ route_id: N1, direction_id: 0, ...pastRivotte })).json()).toMatchObject({
      allowed: false,
      reason: 'forbidden_zone',
      zone: { name: 'Travaux rue Rivotte (démo)' },
    });

    const place = { name: 'Gymnase de Palente (démo)', location: '47.2481, 6.0620' };
    const bad = await coordinator.post(`${rules}/lieux`, { ...place, location: 'nulle part 999' }, rules);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('une adresse connue, ou « latitude, longitude »');
    expect((await coordinator.submit(`${rules}/lieux`, place, rules)).body).toContain('Gymnase de Palente (démo)');
    const duplicate = await coordinator.post(`${rules}/lieux`, place, rules);
    expect(duplicate.body).toContain('un lieu porte déjà ce nom');
    const rider = await t.app.inject({ method: 'GET', url: `/t/${AOM}/descente` });
    expect(rider.body).toContain('>Gymnase de Palente (démo)</option>');
  });

  it.skipIf(!popplerPresent)(
    'prints the driver sheet of a line, linked from the operator’s log, with its sections, the zone and when to refuse',
    async () => {
      const operator = new Browser(t.app);
      await operator.signIn(demoEmail('transit_operator', AOM), DEMO_PASSWORD);
      const sheet = `/t/${AOM}/espace/descente/fiche/${N1}/0.pdf`;
      expect((await operator.get(`/t/${AOM}/espace/descente/journal`)).body).toContain(`href="${sheet}"`);
      const pdf = await t.app.inject({ method: 'GET', url: sheet, headers: { cookie: operator.cookies } });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const file = join(mkdtempSync(join(tmpdir(), 'sheet-')), 'sheet.pdf');
      writeFileSync(file, pdf.rawPayload);
      const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
      expect(text).toContain('Descente à la demande — ligne N1, direction');
      expect(text).toContain('Chamars – Palente Terminus : tous les jours, 22:00–01:30');
      expect(text).toContain('Giratoire de Chamars (démo) (giratoire)');
      expect(text).toContain('Refusez l’arrêt si l’endroit n’est pas sûr');
      expect(text).toContain('Pas à moins de 50 m d’un arrêt officiel');
      // The public never gets it.
      expect((await t.app.inject({ method: 'GET', url: `/t/${AOM}/espace/descente/fiche/${N1}/0.pdf` })).statusCode).not.toBe(
        200,
      );
    },
  );
});
