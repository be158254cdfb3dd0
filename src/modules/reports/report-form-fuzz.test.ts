import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedDemoWithoutReports } from '../../../test/helpers/demo.js';
import { mergeCookies } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z', demo: true });

const fieldNames = [
  'category',
  'lat',
  'lon',
  'address',
  'area',
  'description',
  'reporterRole',
  'name',
  'email',
  'phone',
  'notify',
  'attribute[etendue]',
  'attribute[quantite]',
  'attribute[moment]',
  'attribute[',
  'photos',
];
const values = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    'degradation',
    'eclairage',
    'point-de-deal',
    'victim',
    'witness',
    'rue',
    'un',
    'soir',
    'yes',
    '47.238',
    '6.0243',
    '-91',
    'NaN',
    '1e309',
  ),
  fc.double({ noNaN: false }).map(String),
  fc.string({ maxLength: 5000 }),
);

describe('the report form under random input', () => {
  it('never answers 500, and writes nothing unless it acknowledges the report', async () => {
    await seedDemoWithoutReports(database.db);
    const tenant = await requireTenant(database.db, 'besancon');
    const page = await t.app.inject({ method: 'GET', url: '/t/besancon/signaler?categorie=degradation' });
    const cookie = mergeCookies('', page);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const count = () =>
      withTenant(database.db, tenant.id, async (tx) =>
        Number(
          (
            await tx
              .selectFrom('reports')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...fieldNames), values), { maxLength: 12 }),
        fc.boolean(),
        async (fields, asFile) => {
          const form = new FormData();
          form.append('_csrf', csrf);
          for (const [name, value] of fields) {
            if (name === 'photos' && asFile) form.append(name, new Blob([value]), 'x.jpg');
            else form.append(name, value);
          }
          const encoded = new Response(form);
          const before = await count();
          const response = await t.app.inject({
            method: 'POST',
            url: '/t/besancon/signaler',
            // A client of its own each time: the per-client limit is tested apart.
            remoteAddress: `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
            headers: { cookie, 'content-type': encoded.headers.get('content-type') as string },
            payload: Buffer.from(await encoded.arrayBuffer()),
          });
          expect(response.statusCode).toBeLessThan(500);
          expect(response.body).not.toMatch(/at .*\.ts:\d+/);
          const after = await count();
          expect(after).toBe(response.statusCode === 303 ? before + 1 : before);
        },
      ),
      { numRuns: 80 },
    );
  }, 120_000);
});
