import { describe, expect, it } from 'vitest';
import { mediationTenant } from '../../../test/helpers/mediation.js';
import { Browser, csrfFrom } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-20T19:00:00Z' });

const signedIn = async (email: string) => {
  const browser = new Browser(t.app);
  expect((await browser.signIn(email)).statusCode).toBe(303);
  return browser;
};
const hiddenId = (html: string, action: string) =>
  new RegExp(
    `action="${action.replaceAll('/', '\\/')}"[^>]*>\\s*<input type="hidden" name="_csrf" value="[^"]*"/>\\s*<input type="hidden" name="id" value="([0-9a-f-]{36})"`,
  ).exec(html)?.[1] as string;

describe('the mediators’ pages', () => {
  it('start a round, record encounters with the fixed lists, refuse one without theme, end the round', async () => {
    const m = await mediationTenant(database.db);
    const mediator = await signedIn(m.mediatorA.email);
    const base = `/t/${m.tenant.slug}/espace/mediation/terrain`;
    expect((await mediator.get(`/t/${m.tenant.slug}/espace/`)).body).toContain(base);
    const home = await mediator.get(base);
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Commencer la tournée');
    expect(home.body).toContain('Équipe A — Secteur A');
    expect(home.body).not.toContain('Secteur B');
    expect(home.headers['cache-control']).toBe('no-store');
    const roundId = hiddenId(home.body, `${base}/tournee`);
    const started = await mediator.submit(
      `${base}/tournee`,
      { id: roundId, sectorId: `${m.teamA}|${m.sectorA}`, date: '2026-11-20', startedAt: '18:30' },
      base,
    );
    expect(started.body).toContain('Tournée en cours : Équipe A, Secteur A, depuis 18:30');

    const encounterId = hiddenId(started.body, `${base}/rencontre`);
    const form = {
      id: encounterId,
      roundId,
      occurredAt: '19:45',
      peopleCount: '2',
      themes: ['youth', 'isolation'],
      activity: 'presence',
      actions: ['listening'],
      faireAvec: 'yes',
      person0Age: '12_17',
      person0Gender: '',
    };
    // Checkboxes repeat their name: the form is posted as a browser does.
    const post = async (fields: Record<string, string | string[]>) => {
      const from = await mediator.get(base);
      const payload = new URLSearchParams([
        ['_csrf', csrfFrom(from.body)],
        ...Object.entries(fields).flatMap(([k, v]) => [v].flat().map((x) => [k, x])),
      ]).toString();
      const headers = { cookie: mediator.cookies, 'content-type': 'application/x-www-form-urlencoded' };
      return t.app.inject({ method: 'POST', url: `${base}/rencontre`, headers, payload });
    };
    const noTheme = await post({ ...form, themes: [] });
    expect(noTheme.statusCode).toBe(400);
    expect(noTheme.body).toContain('choisissez au moins un thème');
    expect((await post(form)).statusCode).toBe(303);
    // The same form posted again (a reload, a double tap) records nothing more.
    expect((await post(form)).statusCode).toBe(303);
    const stored = await withTenant(database.db, m.tenant.id, (tx) =>
      tx.selectFrom('mediation_encounters').select(['id', 'themes', 'faire_avec', 'people_count']).execute(),
    );
    expect(stored).toEqual([{ id: encounterId, themes: ['youth', 'isolation'], faire_avec: true, people_count: 2 }]);

    const ended = await mediator.submit(`${base}/tournee/${roundId}/fin`, { end: '19:55' }, base);
    expect(ended.body).toContain('Commencer la tournée');
    expect(ended.body).toContain('18:30–19:55, 1 rencontre(s)');
  });

  it('show parties only behind an audited « voir les coordonnées », to the team only', async () => {
    const m = await mediationTenant(database.db);
    const mediator = await signedIn(m.mediatorA.email);
    const list = `/t/${m.tenant.slug}/espace/mediation/situations`;
    const page = await mediator.get(list);
    const id = hiddenId(page.body, list);
    const opened = await mediator.submit(
      list,
      { id, teamId: m.teamA, kind: 'neighbour_dispute', label: 'Bruit, résidence des Glycines', openedOn: '2026-11-02' },
      list,
    );
    expect(opened.body).toContain('<h1>Bruit, résidence des Glycines</h1>');
    const one = `${list}/${id}`;
    const added = await mediator.submit(
      `${one}/parties`,
      { name: 'Alex Voisin', phone: '06 12 34 56 78', email: '', address: '' },
      one,
    );
    expect(added.body).not.toContain('Alex Voisin');
    expect(added.body).toContain('Voir les coordonnées');
    const shown = await mediator.post(`${one}/coordonnees`, {}, one);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Alex Voisin');
    expect(shown.headers['cache-control']).toBe('no-store');
    const badStep = await mediator.post(
      `${one}/etapes`,
      { id: crypto.randomUUID(), kind: 'agreement', occurredOn: '2026-10-01' },
      one,
    );
    expect(badStep.statusCode).toBe(400);
    expect(badStep.body).toContain('la date précède l’ouverture de la situation');
    await mediator.submit(`${one}/etapes`, { id: crypto.randomUUID(), kind: 'agreement', occurredOn: '2026-11-18' }, one);
    const resolved = await mediator.submit(`${one}/issue`, { outcome: 'resolved', on: '2026-11-19' }, one);
    expect(resolved.body).toContain('Issue : Résolue');
    expect(resolved.body).toContain('2026-11-18 — Accord');

    const other = await signedIn(m.mediatorB.email);
    expect((await other.get(one)).statusCode).toBe(404);
    expect((await other.post(`${one}/coordonnees`, {}, `/t/${m.tenant.slug}/espace/mediation/situations`)).statusCode).toBe(404);
    expect((await other.get(list)).body).not.toContain('Glycines');
    const funder = await signedIn(m.funder.email);
    expect((await funder.get(one)).statusCode).toBe(403);

    const audit = await withTenant(database.db, m.tenant.id, (tx) =>
      tx
        .selectFrom('audit_events')
        .select(['action', 'fields', 'count'])
        .where('action', 'in', ['mediation.view-situation-parties', 'mediation.add-situation-party'])
        .orderBy('seq')
        .execute(),
    );
    expect(audit).toEqual([
      { action: 'mediation.add-situation-party', fields: ['name', 'phone'], count: null },
      {
        action: 'mediation.view-situation-parties',
        fields: ['parties.name', 'parties.phone', 'parties.email', 'parties.address'],
        count: 1,
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain('Alex');
  });

  it('record a « mineur en danger » action without details, and keep the directory', async () => {
    const m = await mediationTenant(database.db);
    const mediator = await signedIn(m.mediatorA.email);
    const minor = `/t/${m.tenant.slug}/espace/mediation/mineur-en-danger`;
    const page = await mediator.get(minor);
    expect(page.body).toContain('119');
    expect(page.body).toContain('CRIP');
    const done = await mediator.submit(
      minor,
      { id: hiddenId(page.body, minor), takenOn: '2026-11-20', teamId: m.teamA, path: 'both' },
      minor,
    );
    expect(done.body).toContain('Démarche enregistrée le 2026-11-20.');
    const rows = await withTenant(database.db, m.tenant.id, (tx) =>
      tx.selectFrom('mediation_minor_actions').selectAll().execute(),
    );
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual([
      'created_at',
      'id',
      'input_hash',
      'path',
      'recorded_by',
      'taken_on',
      'team_id',
      'tenant_id',
    ]);

    const directory = `/t/${m.tenant.slug}/espace/mediation/partenaires`;
    expect((await mediator.get(directory)).body).not.toContain('Ajouter un partenaire');
    expect((await mediator.post(`${directory}/annuaire`, { name: 'X', kind: 'ccas' }, directory)).statusCode).toBe(403);
    const manager = await signedIn(m.managerA.email);
    const saved = await manager.submit(
      `${directory}/annuaire`,
      { name: 'France Services Talence', kind: 'france_services', commune: 'Talence', phone: '', email: '' },
      directory,
    );
    expect(saved.body).toContain('France Services Talence');
    const partner = await withTenant(database.db, m.tenant.id, (tx) =>
      tx.selectFrom('mediation_partners').select('id').where('name', '=', 'France Services Talence').executeTakeFirstOrThrow(),
    );
    const referred = await mediator.submit(
      `${directory}/orientations`,
      { id: crypto.randomUUID(), teamId: m.teamA, partnerId: partner.id, referredOn: '2026-11-20' },
      directory,
    );
    expect(referred.body).toContain('2026-11-20 — France Services Talence : En attente');
  });
});
