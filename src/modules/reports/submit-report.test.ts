import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { seedDemoWithoutReports } from '../../../test/helpers/demo.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { publicActor } from '../../platform/access/actor.js';
import { AppError } from '../../platform/errors.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { hashFollowToken } from './follow-token.js';
import { cleanPhotos } from './photos.js';
import { submitReport } from './submit-report.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z', demo: true });

const townHall = { lat: 47.238, lon: 6.0243 };

async function context() {
  await seedDemoWithoutReports(database.db);
  const tenant = await requireTenant(database.db, 'besancon');
  return { db: database.db, clock: t.clock, actor: publicActor, tenant };
}

const problemOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('sending a report', () => {
  it('routes it to the organisation of its category, stores no trace of the sender, and gives a follow-up token', async () => {
    const ctx = await context();
    const sent = await submitReport(ctx, {
      categoryCode: 'point-de-deal',
      ...townHall,
      description: 'Vente tous les soirs devant le hall 3.',
      attributes: { moment: ['soir', 'nuit'] },
      reporterRole: 'witness',
      source: 'web',
    });
    expect(sent.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await withTenant(database.db, ctx.tenant.id, (tx) =>
      tx
        .selectFrom('reports as r')
        .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
        .selectAll('r')
        .select('o.kind as organisation_kind')
        .where('r.id', '=', sent.id)
        .executeTakeFirstOrThrow(),
    );
    // Crime goes to the police (FixMyStreet #30), and nothing identifies the sender.
    expect(row.organisation_kind).toBe('national_police');
    expect(row.follow_token_hash).toBe(hashFollowToken(sent.token));
    expect(row.attributes).toEqual({ moment: ['soir', 'nuit'] });
    expect(Object.keys(row).filter((k) => /(^|_)ip(_|$)|agent|user|remote/i.test(k))).toEqual([]);
    expect([row.contact_name, row.contact_email, row.contact_phone]).toEqual([null, null, null]);
  });

  it('refuses a point outside the territory, an unknown category, a missing required answer — and writes nothing', async () => {
    const ctx = await context();
    const count = () =>
      withTenant(database.db, ctx.tenant.id, (tx) =>
        tx
          .selectFrom('reports')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      );
    const before = (await count()).n;
    const outside = await problemOf(
      submitReport(ctx, { categoryCode: 'degradation', lat: 48.8566, lon: 2.3522, description: 'x', source: 'web' }),
    );
    expect(outside.details[0]).toMatchObject({ field: 'location', fr: 'hors du territoire de Besançon' });
    const unknown = await problemOf(submitReport(ctx, { categoryCode: 'nope', ...townHall, description: '', source: 'web' }));
    expect(unknown.details[0]?.field).toBe('category');
    const missing = await problemOf(
      submitReport(ctx, { categoryCode: 'eclairage', ...townHall, description: '', source: 'web' }),
    );
    expect(missing.details[0]).toMatchObject({ field: 'attribute[etendue]', message: 'etendue is required' });
    const badList = await problemOf(
      submitReport(ctx, {
        categoryCode: 'eclairage',
        ...townHall,
        description: '',
        attributes: { etendue: 'ville' },
        source: 'web',
      }),
    );
    expect(badList.details[0]?.field).toBe('attribute[etendue]');
    const notify = await problemOf(
      submitReport(ctx, { categoryCode: 'degradation', ...townHall, description: '', notifyReporter: true, source: 'web' }),
    );
    expect(notify.details[0]?.field).toBe('email');
    expect((await count()).n).toBe(before);
  });
});

describe('photos', () => {
  it('are re-encoded: the stored file has no EXIF and no GPS position', async () => {
    const withGps = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } })
      .jpeg()
      .withExif({
        IFD0: { Make: 'PhoneMaker', Model: 'X1', Copyright: 'Someone' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '47/1 14/1 17/1' },
      })
      .toBuffer();
    expect((await sharp(withGps).metadata()).exif).toBeDefined();
    const [clean] = await cleanPhotos([withGps]);
    const metadata = await sharp(clean?.content).metadata();
    expect(metadata.format).toBe('jpeg');
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(metadata.iptc).toBeUndefined();
    expect(clean?.content.includes(Buffer.from('PhoneMaker'))).toBe(false);
  });

  it('refuse what is not an image (415), too big a file (413), and more than three', async () => {
    expect((await problemOf(cleanPhotos([Buffer.from('%PDF-1.4 not a picture')]))).status).toBe(415);
    expect((await problemOf(cleanPhotos([Buffer.alloc(10 * 1024 * 1024 + 1, 1)]))).status).toBe(413);
    const tiny = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect((await problemOf(cleanPhotos([tiny, tiny, tiny, tiny]))).status).toBe(400);
  });
});
