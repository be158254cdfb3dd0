import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWithoutReports } from '../../../test/helpers/demo.js';
import { Browser } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { systemActor } from '../../platform/access/actor.js';
import { DEMO_PASSWORD, demoEmail } from '../../platform/demo/demo-tenants.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { withContinuousDropOff } from './export-gtfs.js';
import { importGtfs } from './gtfs-import.js';
import { zipBufferSource } from './gtfs-source.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-12-02T21:30:00Z', demo: true });

beforeAll(async () => {
  await seedDemoWithoutReports(database.db);
});

const AOM = 'grand-besancon-metropole';

describe('the GTFS export with continuous_drop_off', () => {
  it('flags the stop times of the open sections at their hours; re-imported, the flags are where they belong', async () => {
    const coordinator = new Browser(t.app);
    await coordinator.signIn(demoEmail('coordinator', AOM), DEMO_PASSWORD);
    const response = await t.app.inject({
      method: 'GET',
      url: `/t/${AOM}/espace/descente/gtfs/export.zip`,
      headers: { cookie: coordinator.cookies },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');

    // The export is a feed the importer accepts as it is.
    const tenant = await requireTenant(database.db, AOM);
    const result = await importGtfs(
      { db: database.db, clock: t.clock, actor: systemActor('test'), tenant },
      await zipBufferSource('export', response.rawPayload),
    );
    expect(result.counts['stop_times.txt']).toBeGreaterThan(0);
    const stored = await withTenant(database.db, tenant.id, (tx) =>
      tx
        .selectFrom('gtfs_files as f')
        .innerJoin('gtfs_feeds as v', 'v.id', 'f.feed_id')
        .select('f.content')
        .where('v.status', '=', 'active')
        .where('f.name', '=', 'stop_times.txt')
        .executeTakeFirstOrThrow(),
    );
    const rows = parse(stored.content, { columns: true }) as Record<string, string>[];
    const flag = (trip: string, sequence: number) =>
      rows.find((r) => r.trip_id === trip && Number(r.stop_sequence) === sequence)?.continuous_drop_off;
    // N1 towards Palente, open from Chamars (6th stop) to Palente (11th), 22:00 to 01:30.
    expect(flag('GBM-N1-0-2200', 6)).toBe('3'); // Chamars at 22:15
    expect(flag('GBM-N1-0-2200', 10)).toBe('3'); // Fontaine-Écu → Palente at 22:27
    expect(flag('GBM-N1-0-2200', 11)).toBe(''); // the last stop: no segment after it
    expect(flag('GBM-N1-0-2200', 4)).toBe(''); // Saint-Ferjeux: before the section
    expect(flag('GBM-N1-0-2100', 6)).toBe(''); // 21:15: before the hours
    expect(flag('GBM-N1-0-2500', 6)).toBe('3'); // 25:15, 01:15 the next morning: still the night
    expect(rows.filter((r) => r.continuous_drop_off === '3').length).toBeGreaterThan(50);
  });

  it('overwrites an existing continuous_drop_off column instead of adding a second one', () => {
    const original = Buffer.from(
      '\ufefftrip_id,stop_sequence,stop_id,continuous_drop_off\r\nT1,1,S1,\r\nT1,2,S2,1\r\nT1,3,S3,\r\n',
    );
    const written = withContinuousDropOff(original, new Set(['T1\u00001', 'T1\u00002']));
    expect(written).toBe('trip_id,stop_sequence,stop_id,continuous_drop_off\nT1,1,S1,3\nT1,2,S2,3\nT1,3,S3,\n');
    const added = withContinuousDropOff(Buffer.from('trip_id,stop_sequence,stop_id\nT1,1,S1\nT1,2,S2\n'), new Set(['T1\u00002']));
    expect(added).toBe('trip_id,stop_sequence,stop_id,continuous_drop_off\nT1,1,S1,\nT1,2,S2,3\n');
  });
});
