import { beforeAll, describe, expect, it } from 'vitest';
import { smallFeed } from '../../../test/helpers/gtfs-feed.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { systemActor } from '../../platform/access/actor.js';
import { seedDemo } from '../../platform/demo/seed-demo.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { importGtfs } from './gtfs-import.js';
import { textSource } from './gtfs-source.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-12-02T21:30:00Z' });

const AOM = 'grand-besancon-metropole';

beforeAll(async () => {
  await seedDemo(database.db, 'development', t.clock);
  // A feed without stop_times.txt is accepted with a warning; it becomes the active one.
  const { 'stop_times.txt': _, ...files } = smallFeed();
  const tenant = await requireTenant(database.db, AOM);
  await importGtfs({ db: database.db, clock: t.clock, actor: systemActor('test'), tenant }, textSource('sans horaires', files));
});

describe('a feed without stop_times.txt', () => {
  it('says snapping between stops is unavailable, in the API and on the rider’s page, instead of failing', async () => {
    const answer = await t.app.inject({
      method: 'POST',
      url: `/api/v1/t/${AOM}/night-stops/check`,
      payload: { route_id: 'R1', direction_id: 0, lat: 47.238, lon: 6.0243 },
    });
    expect(answer.statusCode).toBe(409);
    expect(answer.json().error.message).toContain('snapping between stops is unavailable');
    const page = await t.app.inject({ method: 'GET', url: `/t/${AOM}/descente?ligne=${encodeURIComponent('R1|0')}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Les horaires aux arrêts manquent');
    const asked = await t.app.inject({
      method: 'POST',
      url: `/t/${AOM}/descente`,
      payload: { line: 'R1|0', lat: '47.238', lon: '6.0243' },
    });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Demandez au conducteur.');
  });
});
