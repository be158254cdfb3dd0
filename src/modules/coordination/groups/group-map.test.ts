import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { actAsTenant } from '../../../db/tenant-transaction.js';
import { DEAL_POINT, groupsTenant, idFrom } from './groups-test-setup.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened));

const at = (lon: number, lat: number) => sql`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)`;

describe('the group’s map and figures', () => {
  it('never show mediation; show the police’s counts only once a police manager of the group shares them', async () => {
    const town = await groupsTenant(database.db, t.app, ['mediation', 'police']);
    const coordinator = await town.person('coordinator', 'coordinator');
    const police = await town.person('police', 'police_manager');
    await town.report('point-de-deal', '2026-10-03T20:00:00Z');
    const made = await coordinator.browser.post(
      `${town.base}/`,
      { name: 'Trafics', kind: 'thematic', categoryIds: town.category('point-de-deal') },
      `${town.base}/`,
    );
    const group = `${town.base}/${idFrom(made.headers.location, 'groupes')}`;
    await coordinator.browser.post(`${group}/membres`, { userId: police.userId }, `${town.base}/`);
    const placed = await coordinator.browser.post(
      `${group}/lieux`,
      { name: 'Square des Tilleuls', origin: 'member', lat: String(DEAL_POINT.lat), lon: String(DEAL_POINT.lon), radiusM: '100' },
      group,
    );
    const place = `${group}/lieux/${idFrom(placed.headers.location, 'lieux')}`;

    // Mediators met 37 people at the very place, a dozen times, and the police intervened there five times.
    await database.db.transaction().execute(async (tx) => {
      await actAsTenant(tx, town.tenant.id, { operation: 'test.field-records' });
      const sector = (await tx.selectFrom('territories').select('id').where('code', '=', 'Q1').executeTakeFirstOrThrow()).id;
      const team = await tx
        .insertInto('mediation_teams')
        .values({ tenant_id: town.tenant.id, name: 'Équipe test' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const round = randomUUID();
      await tx
        .insertInto('mediation_rounds')
        .values({
          id: round,
          tenant_id: town.tenant.id,
          team_id: team.id,
          sector_id: sector,
          round_date: '2026-10-10',
          started_at: new Date('2026-10-10T17:00:00Z'),
          ended_at: new Date('2026-10-10T21:00:00Z'),
          recorded_by: null,
          input_hash: 'test',
          created_at: new Date('2026-10-10T21:00:00Z'),
        })
        .execute();
      for (let i = 0; i < 12; i++)
        await tx
          .insertInto('mediation_encounters')
          .values({
            id: randomUUID(),
            tenant_id: town.tenant.id,
            team_id: team.id,
            round_id: round,
            on_appointment: false,
            occurred_at: new Date(`2026-10-10T18:${String(10 + i)}:00Z`),
            people_count: i === 0 ? 26 : 1,
            themes: ['tranquillite'],
            activity: 'presence',
            actions: [],
            faire_avec: false,
            geom: at(DEAL_POINT.lon, DEAL_POINT.lat),
            qpv_id: null,
            recorded_by: null,
            input_hash: `test-${i}`,
            created_at: new Date('2026-10-10T21:00:00Z'),
          } as never)
          .execute();
      for (let n = 1; n <= 5; n++)
        await tx
          .insertInto('main_courante_entries')
          .values({
            tenant_id: town.tenant.id,
            year: 2026,
            number: n,
            kind: 'administrative',
            nature: 'tapage',
            natinf_code: null,
            source: 'patrol',
            report_id: null,
            called_at: new Date(`2026-09-0${n}T22:00:00Z`),
            arrived_at: null,
            ended_at: null,
            geom: at(DEAL_POINT.lon + 0.0003, DEAL_POINT.lat),
            address: 'Adresse policière confidentielle',
            territory_id: null,
            findings: 'Constatations de police confidentielles',
            created_by: 'test',
            created_at: new Date(),
            updated_at: new Date(),
            validated_by: null,
            validated_at: null,
            elimination_list_id: null,
          })
          .execute();
    });

    // One report: one dot on the map, one in the place's figures; the mediators' 37 people and 12 encounters nowhere.
    const map = await coordinator.browser.get(`${group}/carte.svg`);
    expect(map.body.match(/fill="#6a6a6a"/g)?.length).toBe(1);
    const placePage = await coordinator.browser.get(place);
    const cells = [...placePage.body.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(cells.reduce((a, b) => a + b, 0)).toBe(1);
    for (const page of [placePage.body, (await coordinator.browser.get(group)).body, map.body]) {
      // As a cell of a table, a title of the chart, or a count beside a place.
      expect(page).not.toMatch(/>\s*(37|12|13)\s*</);
      expect(page).not.toMatch(/ : (37|12|13)</);
    }
    expect(placePage.body).not.toContain('Interventions police');

    // Only a police manager (police.validate) decides to share, and only counts come: never the entries' text.
    expect((await coordinator.browser.post(`${group}/police`, { share: 'yes' }, group)).statusCode).toBe(403);
    expect((await police.browser.post(`${group}/police`, { share: 'yes' }, group)).statusCode).toBe(303);
    const shared = await coordinator.browser.get(place);
    expect(shared.body).toContain('Interventions police');
    const sharedCells = [...shared.body.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    // Twelve months of (reports, police) pairs: one report and five interventions in all.
    expect(sharedCells.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0)).toBe(1);
    expect(sharedCells.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0)).toBe(5);
    for (const page of [
      shared.body,
      (await coordinator.browser.get(group)).body,
      (await coordinator.browser.get(`${group}/carte.svg`)).body,
    ]) {
      expect(page).not.toContain('Constatations de police confidentielles');
      expect(page).not.toContain('Adresse policière confidentielle');
      expect(page).not.toContain('tapage');
    }
  });
});
