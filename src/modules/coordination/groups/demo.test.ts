import { describe, expect, it } from 'vitest';
import { Browser } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { DEMO_PASSWORD, demoEmail } from '../../../platform/demo/demo-tenants.js';
import { DEMO_GROUP_NAME, GROUPS_DEMO_TENANT } from './seed-demo-groups.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { demo: true });

const slug = GROUPS_DEMO_TENANT;
const signedIn = async (role: Parameters<typeof demoEmail>[0]) => {
  const browser = new Browser(t.app);
  await browser.signIn(demoEmail(role, slug), DEMO_PASSWORD);
  return browser;
};

describe('the Vandœuvre-lès-Nancy demo working group', () => {
  it('is run by the coordinator with the partner organisation, follows a place through meetings and actions, and stays closed to others', async () => {
    const group = await database.db
      .selectFrom('coordination_groups')
      .select('id')
      .where('name', '=', DEMO_GROUP_NAME)
      .executeTakeFirstOrThrow();
    const url = `/t/${slug}/espace/coordination/groupes/${group.id}`;
    const coordinator = await signedIn('coordinator');
    const list = await coordinator.get(`/t/${slug}/espace/coordination/groupes/`);
    expect(list.body).toContain(DEMO_GROUP_NAME);
    const page = await coordinator.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Pied de la tour, allée des Tilleuls (démo)');
    expect(page.body.match(/Réunion du /g)?.length).toBe(2);
    expect(page.body).toContain('Organiser une présence en soirée');
    const placeId = /\/lieux\/([0-9a-f-]{36})/.exec(page.body)?.[1];
    const place = await coordinator.get(`${url}/lieux/${placeId}`);
    for (const kind of ['nettoyage', 'réparation de l’éclairage', 'animation pour réinvestir le lieu'])
      expect(place.body).toContain(kind);
    expect((await (await signedIn('partner_organisation')).get(url)).statusCode).toBe(200);
    for (const role of ['funding_member', 'mediator', 'mediation_manager', 'educator'] as const) {
      const answer = await (await signedIn(role)).get(url);
      expect([403, 404], role).toContain(answer.statusCode);
      expect(answer.body).not.toContain('Pied de la tour');
    }
  });
});
