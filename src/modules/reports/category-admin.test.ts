import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWithoutReports } from '../../../test/helpers/demo.js';
import { Browser } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { publicActor } from '../../platform/access/actor.js';
import { DEMO_PASSWORD, demoEmail } from '../../platform/demo/demo-tenants.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { submitReport } from './submit-report.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z', demo: true });

beforeAll(async () => {
  await seedDemoWithoutReports(database.db);
});

describe('the coordinator’s categories', () => {
  it('adds a private category, routes it to a partner, and the next report goes there; only the coordinator may', async () => {
    const tenant = await requireTenant(database.db, 'besancon');
    const coordinator = new Browser(t.app);
    await coordinator.signIn(demoEmail('coordinator', 'besancon'), DEMO_PASSWORD);
    const list = '/t/besancon/espace/signalements/categories';
    expect((await coordinator.get('/t/besancon/espace/signalements')).body).toContain(`href="${list}"`);

    const bad = await coordinator.post(list, { code: 'Pas Bon!', nameFr: 'x', nameEn: 'x', visibility: 'private' }, list);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('2 à 40 lettres minuscules');
    const created = await coordinator.submit(
      list,
      {
        code: 'rodeo-urbain',
        nameFr: 'Rodéo urbain',
        nameEn: 'Street rodeo',
        descriptionFr: 'Motos ou voitures en démonstration dangereuse.',
        descriptionEn: '',
        group: 'Tranquillité publique',
        keywords: 'moto, bruit',
        visibility: 'private',
        helpFr: '',
        helpEn: '',
        active: 'yes',
      },
      list,
    );
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain('Aucune règle : le coordinateur trie.');
    const page = '/t/besancon/espace/signalements/categories/rodeo-urbain';
    const police = /<option value="([0-9a-f-]{36})">Commissariat de Besançon \(démo\)<\/option>/.exec(
      created.body,
    )?.[1] as string;
    expect(police).toBeDefined();
    const routed = await coordinator.submit(`${page}/regles`, { territoryId: '', organisationId: police }, page);
    expect(routed.body).toContain('Partout (par défaut) → Commissariat de Besançon (démo)');
    // An organisation of another tenant cannot be chosen.
    const foreign = await withTenant(database.db, (await requireTenant(database.db, 'lyon')).id, (tx) =>
      tx.selectFrom('tenant_organisations').select('organisation_id').executeTakeFirstOrThrow(),
    );
    expect(
      (await coordinator.post(`${page}/regles`, { territoryId: '', organisationId: foreign.organisation_id }, page)).statusCode,
    ).toBe(400);

    const sent = await submitReport(
      { db: database.db, clock: t.clock, actor: publicActor, tenant },
      { categoryCode: 'rodeo-urbain', lat: 47.238, lon: 6.0243, description: '', source: 'web' },
    );
    const stored = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('reports').select('organisation_id').where('id', '=', sent.id).executeTakeFirstOrThrow(),
    );
    expect(stored.organisation_id).toBe(police);
    // Private: not in Open311's public services.
    const services = await t.app.inject({ method: 'GET', url: '/open311/v2/services.json?jurisdiction_id=besancon' });
    expect(services.body).not.toContain('rodeo-urbain');

    const partner = new Browser(t.app);
    await partner.signIn(demoEmail('partner_organisation', 'besancon'), DEMO_PASSWORD);
    expect((await partner.get(list)).statusCode).toBe(403);
  });

  it('adds a question to a category: the public form and Open311 ask it, a report without its answer is refused', async () => {
    const tenant = await requireTenant(database.db, 'besancon');
    const coordinator = new Browser(t.app);
    await coordinator.signIn(demoEmail('coordinator', 'besancon'), DEMO_PASSWORD);
    const page = '/t/besancon/espace/signalements/categories/degradation';
    const service = () =>
      t.app
        .inject({ method: 'GET', url: '/open311/v2/services/degradation.json?jurisdiction_id=besancon' })
        .then((r) => r.json());
    const asked = async () => (await service()).attributes.map((a: { code: string }) => a.code) as string[];
    const before = await asked();

    // A list with one choice is refused, naming the field, and nothing changes.
    const bad = await coordinator.post(
      `${page}/questions`,
      {
        code: 'mobilier',
        datatype: 'singlevaluelist',
        labelFr: 'Quel mobilier ?',
        labelEn: '',
        order: '5',
        values: 'abribus | Abribus',
        required: 'yes',
      },
      page,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('une liste demande de 2 à 30 choix');
    expect(bad.body).toContain('value="Quel mobilier ?"');
    expect(await asked()).toEqual(before);

    const saved = await coordinator.submit(
      `${page}/questions`,
      {
        code: 'mobilier',
        datatype: 'singlevaluelist',
        labelFr: 'Quel mobilier ?',
        labelEn: 'Which street furniture?',
        order: '5',
        values: 'abribus | Abribus | Bus shelter\nbanc | Banc | Bench\nautre | Autre',
        required: 'yes',
      },
      page,
    );
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('<code>mobilier</code>');
    const question = (await service()).attributes.find((a: { code: string }) => a.code === 'mobilier');
    expect(question).toMatchObject({ datatype: 'singlevaluelist', required: true, description: 'Quel mobilier ?' });
    expect(question.values.map((v: { key: string }) => v.key)).toEqual(['abribus', 'banc', 'autre']);
    const english = await t.app.inject({
      method: 'GET',
      url: '/t/besancon/signaler?categorie=degradation&lang=en',
    });
    expect(english.body).toContain('Which street furniture?');

    const ctx = { db: database.db, clock: t.clock, actor: publicActor, tenant };
    const report = {
      categoryCode: 'degradation',
      lat: 47.238,
      lon: 6.0243,
      description: 'Abribus cassé',
      source: 'web' as const,
    };
    await expect(submitReport(ctx, report)).rejects.toMatchObject({
      code: 'invalid_input',
      details: [expect.objectContaining({ field: 'attribute[mobilier]' })],
    });
    await expect(submitReport(ctx, { ...report, attributes: { mobilier: 'abribus' } })).resolves.toHaveProperty('id');

    const removed = await coordinator.submit(`${page}/questions/mobilier/supprimer`, {}, page);
    expect(removed.body).not.toContain('<code>mobilier</code>');
    expect(await asked()).toEqual(before);
  });
});
