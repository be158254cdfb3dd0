import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Polygon } from 'geojson';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../test/helpers/factories.js';
import { feedZip, smallFeed, writeFeedFolder } from '../../../test/helpers/gtfs-feed.js';
import { runCli } from '../../../test/helpers/run-cli.js';
import { connectionUrl, openTestDatabase } from '../../../test/helpers/test-database.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { type Actor, grantsFromMemberships } from '../../platform/access/actor.js';
import type { OperationContext } from '../../platform/access/operation.js';
import { verifyAudit } from '../../platform/audit/verify-audit.js';
import { ManualClock } from '../../platform/clock/clock.js';
import { AppError } from '../../platform/errors.js';
import { applyRetention } from '../../platform/privacy/apply-retention.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import { saveTerritories } from '../../platform/territories/save-territories.js';
import { describeGtfsImport, importGtfs } from './gtfs-import.js';
import { activeFeed, feedHistory } from './gtfs-queries.js';
import { openGtfsPath, textSource, zipBufferSource } from './gtfs-source.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
const dir = mkdtempSync(join(tmpdir(), 'quietude-gtfs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 3 km square around Besançon's centre: the small feed's stops lie within. */
function besanconSquare(): Polygon {
  const [lat, lon, dLat, dLon] = [47.238, 6.0243, 0.027, 0.04];
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon - dLon, lat - dLat],
        [lon + dLon, lat - dLat],
        [lon + dLon, lat + dLat],
        [lon - dLon, lat + dLat],
        [lon - dLon, lat - dLat],
      ],
    ],
  };
}

async function authority(): Promise<{ tenant: Tenant; ctx: OperationContext }> {
  const tenant = await createTenant(database.db, { kind: 'aom', programmes: ['night-stops'] });
  const ctx = systemContext(database.db, tenant);
  await saveTerritories(ctx, [{ kind: 'commune', code: '25056', name: 'Besançon', geometry: besanconSquare() }]);
  return { tenant, ctx };
}

const importTexts = (ctx: OperationContext, files: Record<string, string | null>) =>
  importGtfs(
    ctx,
    textSource('test', Object.fromEntries(Object.entries(files).filter(([, v]) => v !== null)) as Record<string, string>),
  );

/** The refusal's problems as « file:line:column » places. */
async function refusal(ctx: OperationContext, files: Record<string, string | null>): Promise<AppError> {
  const error = await importTexts(ctx, files).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('invalid_input');
  return error as AppError;
}
const places = (error: AppError) => error.details.map((d) => d.field);

const rowCounts = (tenant: Tenant) =>
  withTenant(database.db, tenant.id, async (tx) => {
    const count = async (table: 'gtfs_stops' | 'gtfs_stop_times' | 'gtfs_files' | 'gtfs_trips') =>
      Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(tx)).rows[0]?.n);
    return {
      stops: await count('gtfs_stops'),
      stopTimes: await count('gtfs_stop_times'),
      files: await count('gtfs_files'),
      trips: await count('gtfs_trips'),
    };
  });

describe('importGtfs: a valid feed', () => {
  it('loads every file into a new active version, keeps the files, and times past midnight in seconds', async () => {
    const { tenant, ctx } = await authority();
    const result = await importTexts(ctx, smallFeed());
    expect(result.counts).toEqual({
      'agency.txt': 1,
      'calendar.txt': 1,
      'calendar_dates.txt': 1,
      'routes.txt': 1,
      'shapes.txt': 4,
      'stops.txt': 3,
      'trips.txt': 2,
      'stop_times.txt': 6,
    });
    expect(result.warnings).toEqual([]);
    const feed = await withTenant(database.db, tenant.id, activeFeed);
    expect(feed).toMatchObject({ id: result.feedId, status: 'active', source: 'test', hasStopTimes: true, warnings: [] });
    expect(feed?.activatedAt).toEqual(new Date('2026-11-25T22:30:00Z'));
    const times = await withTenant(database.db, tenant.id, (tx) =>
      tx
        .selectFrom('gtfs_stop_times')
        .select(['trip_id', 'stop_sequence', 'arrival_s', 'departure_s'])
        .where('trip_id', '=', 'T1')
        .orderBy('stop_sequence')
        .execute(),
    );
    expect(times).toEqual([
      { trip_id: 'T1', stop_sequence: 1, arrival_s: 85800, departure_s: 85800 },
      { trip_id: 'T1', stop_sequence: 2, arrival_s: null, departure_s: null },
      { trip_id: 'T1', stop_sequence: 3, arrival_s: 90600, departure_s: 90600 },
    ]);
    const kept = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('gtfs_files').select(['name', 'content']).where('name', '=', 'stop_times.txt').executeTakeFirstOrThrow(),
    );
    expect(kept.content.toString('utf8')).toBe(smallFeed()['stop_times.txt']);
    expect(await verifyAudit(database.db, tenant.id)).toMatchObject({ ok: true });
    const events = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('audit_events').select(['action', 'count']).where('action', '=', 'night-stops.load-gtfs-rows').execute(),
    );
    expect(events).toContainEqual({ action: 'night-stops.load-gtfs-rows', count: 6 });
  });

  it('accepts a BOM, CRLF, quoted fields with commas and unknown extra columns', async () => {
    const { tenant, ctx } = await authority();
    const feed = smallFeed();
    feed['stops.txt'] =
      '\ufeffstop_id,stop_name,stop_lat,stop_lon,platform_colour\r\nS1,"Chamars, quai ""A""",47.2300,6.0100,vert\r\nS2,Révolution,47.2380,6.0243,\r\nS3,Rivotte,47.2420,6.0320,bleu\r\n';
    await importTexts(ctx, feed);
    const names = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('gtfs_stops').select(['stop_id', 'name']).orderBy('stop_id').execute(),
    );
    expect(names[0]).toEqual({ stop_id: 'S1', name: 'Chamars, quai "A"' });
    expect(names).toHaveLength(3);
  });

  it('reads a zip (streamed by yauzl) and a folder the same way', async () => {
    const { tenant, ctx } = await authority();
    const zip = await importGtfs(ctx, await zipBufferSource('feed.zip', await feedZip(smallFeed())));
    expect(zip.counts['stop_times.txt']).toBe(6);
    const zipPath = join(dir, 'feed.zip');
    writeFileSync(zipPath, await feedZip(smallFeed()));
    const fromDisk = await importGtfs(ctx, await openGtfsPath(zipPath));
    expect(fromDisk.source).toBe('feed.zip');
    const folder = await importGtfs(ctx, await openGtfsPath(writeFeedFolder(join(dir, 'folder'), smallFeed())));
    expect(folder.counts).toEqual(zip.counts);
    // Three versions, one active: the retired ones keep their rows (none is purged yet).
    const history = await withTenant(database.db, tenant.id, (tx) => feedHistory(tx));
    expect(history.map((v) => v.status).sort()).toEqual(['active', 'retired', 'retired']);
    expect((await rowCounts(tenant)).stopTimes).toBe(18);
  });
});

/** The small feed with one file replaced (null: removed). */
const withFile = (name: string, text: string | null) => ({ ...smallFeed(), [name]: text });
const replaceLine = (name: string, line: number, text: string) => {
  const lines = (smallFeed()[name] as string).split('\n');
  lines[line - 1] = text;
  return withFile(name, lines.join('\n'));
};

describe('importGtfs: refusals name file, line and column, and change nothing', () => {
  const cases: [string, Record<string, string | null>, string[]][] = [
    ['agency.txt missing', withFile('agency.txt', null), ['agency.txt::']],
    ['stops.txt missing', withFile('stops.txt', null), ['stops.txt::']],
    ['routes.txt and trips.txt missing', { ...withFile('routes.txt', null), 'trips.txt': null }, ['routes.txt::', 'trips.txt::']],
    ['no calendar at all', { ...withFile('calendar.txt', null), 'calendar_dates.txt': null }, ['calendar.txt::']],
    [
      'required columns missing',
      { ...withFile('stops.txt', 'stop_id,stop_name,stop_lon\nS1,A,6\n'), 'trips.txt': 'route_id,trip_id\nR1,T1\n' },
      ['stops.txt:1:stop_lat', 'trips.txt:1:service_id'],
    ],
    ['trip → unknown route', replaceLine('trips.txt', 2, 'R9,NUIT,T1,Rivotte,0,SH1'), ['trips.txt:2:route_id']],
    ['trip → unknown service', replaceLine('trips.txt', 3, 'R1,JOUR,T2,Chamars,1,SH1'), ['trips.txt:3:service_id']],
    ['trip → unknown shape', replaceLine('trips.txt', 3, 'R1,NUIT,T2,Chamars,1,SH9'), ['trips.txt:3:shape_id']],
    [
      'stop time → unknown trip and stop',
      replaceLine('stop_times.txt', 6, 'T2,24:05:00,24:05:00,S9,2'),
      ['stop_times.txt:6:stop_id'],
    ],
    ['stop time → unknown trip', replaceLine('stop_times.txt', 7, 'T7,24:10:00,24:10:00,S1,3'), ['stop_times.txt:7:trip_id']],
    [
      'route without agency when there are several',
      {
        ...withFile('agency.txt', `${smallFeed()['agency.txt']}B,Autre réseau,https://example.net,Europe/Paris\n`),
        'routes.txt': 'route_id,agency_id,route_short_name,route_long_name,route_type\nR1,,N1,Ligne de nuit,3\n',
      },
      ['routes.txt:2:agency_id'],
    ],
    ['route → unknown agency', replaceLine('routes.txt', 2, 'R1,Z,N1,Ligne de nuit,3'), ['routes.txt:2:agency_id']],
    [
      'coordinates out of range',
      {
        ...replaceLine('stops.txt', 3, 'S2,Révolution,95.1,6.0243'),
        'shapes.txt': smallFeed()['shapes.txt']?.replace('6.0170', '190') ?? '',
      },
      ['shapes.txt:3:shape_pt_lon', 'stops.txt:3:stop_lat'],
    ],
    [
      'minutes past 59',
      replaceLine('stop_times.txt', 6, 'T2,25:61:00,25:61:00,S2,2'),
      ['stop_times.txt:6:arrival_time', 'stop_times.txt:6:departure_time'],
    ],
    ['a malformed time', replaceLine('stop_times.txt', 2, 'T1,23h50,23:50:00,S1,1'), ['stop_times.txt:2:arrival_time']],
    [
      'first and last stop without times',
      { ...replaceLine('stop_times.txt', 2, 'T1,,,S1,1') },
      ['stop_times.txt:2:arrival_time', 'stop_times.txt:2:departure_time'],
    ],
    ['last stop without departure', replaceLine('stop_times.txt', 7, 'T2,24:10:00,,S1,3'), ['stop_times.txt:7:departure_time']],
    [
      'a repeated stop_sequence',
      replaceLine('stop_times.txt', 6, 'T2,24:05:00,24:05:00,S2,1'),
      ['stop_times.txt:6:stop_sequence'],
    ],
    [
      'bad dates',
      {
        ...replaceLine('calendar.txt', 2, 'NUIT,1,1,1,1,1,1,1,20260230,20271231'),
        'calendar_dates.txt': 'service_id,date,exception_type\nNUIT,25/12/2026,2\n',
      },
      ['calendar.txt:2:start_date', 'calendar_dates.txt:2:date'],
    ],
    ['a row with a missing field', replaceLine('stops.txt', 4, 'S3,Rivotte,47.2420'), ['stops.txt:4:', 'stops.txt:4:stop_lon']],
    ['an unclosed quote', replaceLine('routes.txt', 2, 'R1,A,"N1,Ligne de nuit,3'), ['routes.txt:2:']],
  ];

  it.each(cases)('%s', async (_name, files, expected) => {
    const { tenant, ctx } = await authority();
    const first = await importTexts(ctx, smallFeed());
    const before = await rowCounts(tenant);
    const error = await refusal(ctx, files);
    expect(places(error)).toEqual(expected);
    expect(error.message.split('\n')[0]).toMatch(/^GTFS feed refused, nothing changed: \d+ problems?$/);
    expect(error.message.split('\n')).toHaveLength(expected.length + 1);
    const feed = await withTenant(database.db, tenant.id, activeFeed);
    expect(feed?.id).toBe(first.feedId);
    expect(await rowCounts(tenant)).toEqual(before);
    const statuses = (await withTenant(database.db, tenant.id, (tx) => feedHistory(tx))).map((v) => v.status);
    expect(statuses.filter((s) => s === 'loading')).toEqual([]);
  });

  it('says where in words: « stops.txt line 3, column stop_lat: … »', async () => {
    const { ctx } = await authority();
    const error = await refusal(ctx, replaceLine('stops.txt', 3, 'S2,Révolution,95.1,6.0243'));
    expect(error.message.split('\n')[1]).toBe('stops.txt line 3, column stop_lat: 95.1 is out of range (latitude −90 to 90)');
    expect(error.details[0]?.fr).toBe('stops.txt, ligne 3, colonne stop_lat : 95.1 est hors limites (latitude de −90 à 90)');
  });

  it('collects up to 20 problems, each with its place, before refusing', async () => {
    const { ctx } = await authority();
    const rows = Array.from({ length: 30 }, (_, i) => `X${i},Nulle part,91,6`);
    const error = await refusal(ctx, withFile('stops.txt', `stop_id,stop_name,stop_lat,stop_lon\n${rows.join('\n')}\n`));
    expect(error.details).toHaveLength(20);
    expect(places(error).slice(0, 2)).toEqual(['stops.txt:2:stop_lat', 'stops.txt:3:stop_lat']);
    expect(error.message).toMatch(/20 or more problems/);
  });

  it('needs night-stops.manage, checked before anything is read', async () => {
    const { tenant, ctx } = await authority();
    const operator: Actor = {
      kind: 'user',
      label: 'user:x',
      grants: grantsFromMemberships([{ permissions: ['night-stops.log'], territoryId: null, organisationId: null }]),
    };
    await expect(importTexts({ ...ctx, actor: operator }, smallFeed())).rejects.toMatchObject({ code: 'forbidden' });
    expect(await withTenant(database.db, tenant.id, (tx) => feedHistory(tx))).toEqual([]);
  });
});

describe('importGtfs: warnings', () => {
  it('accepts a feed without stop_times.txt, naming what it disables', async () => {
    const { tenant, ctx } = await authority();
    const result = await importTexts(ctx, withFile('stop_times.txt', null));
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]?.file).toBe('stop_times.txt');
    for (const feature of ['snapping between stops', 'continuous_drop_off', 'running lines near you'])
      expect(result.warnings[0]?.message).toContain(feature);
    const feed = await withTenant(database.db, tenant.id, activeFeed);
    expect(feed).toMatchObject({ hasStopTimes: false, warnings: result.warnings });
    expect(describeGtfsImport(result)).toContain('warning: stop_times.txt: stop_times.txt is missing');
  });

  it('accepts stops outside the territory, saying how many and the first ids', async () => {
    const { ctx } = await authority();
    const feed = withFile(
      'stops.txt',
      `${smallFeed()['stops.txt']}P2,Paris Châtelet,48.8584,2.3470\nP1,Paris Gare de Lyon,48.8443,2.3744\n`,
    );
    const result = await importTexts(ctx, feed);
    expect(result.warnings).toEqual([
      {
        file: 'stops.txt',
        message: expect.stringMatching(/^2 stops lie outside the territory of .+ \(first: P1, P2\)$/),
        fr: expect.stringMatching(/^2 arrêts sont hors du territoire/),
      },
    ]);
  });
});

describe('the version switch', () => {
  it('keeps answering from the active version while a new one loads, and after it fails', async () => {
    const { tenant, ctx } = await authority();
    const first = await importTexts(ctx, smallFeed());
    const before = await rowCounts(tenant);
    // A source that looks at what readers see just before stop_times.txt is read, while the new version loads.
    const bad = replaceLine('stop_times.txt', 4, 'T1,25:10:00,25:10:00,S9,3');
    const inner = textSource('second', bad as Record<string, string>);
    const seenWhileLoading: { active?: string; statuses: string[]; stops: number }[] = [];
    await expect(
      importGtfs(ctx, {
        ...inner,
        open: async (name) => {
          if (name === 'stop_times.txt')
            seenWhileLoading.push(
              await withTenant(database.db, tenant.id, async (tx) => ({
                active: (await activeFeed(tx))?.id,
                statuses: (await feedHistory(tx)).map((v) => v.status).sort(),
                stops: (await tx.selectFrom('gtfs_stops').select('stop_id').where('feed_id', '=', first.feedId).execute()).length,
              })),
            );
          return inner.open(name);
        },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', details: [{ field: 'stop_times.txt:4:stop_id' }] });
    // (The file is opened twice: its header is checked before the version opens, then it is loaded.)
    expect(seenWhileLoading.at(-1)).toEqual({ active: first.feedId, statuses: ['active', 'loading'], stops: 3 });
    // After the failure: the same active version, the failed one without rows in the history.
    const history = await withTenant(database.db, tenant.id, (tx) => feedHistory(tx));
    // (The test clock stands still: versions imported at the same instant, hence sorted here.)
    expect(history.map((v) => [v.status, v.source]).sort()).toEqual([
      ['active', 'test'],
      ['failed', 'second'],
    ]);
    expect(await rowCounts(tenant)).toEqual(before);
    // A good import then retires the first version and becomes the active one.
    const second = await importTexts(ctx, smallFeed());
    expect((await withTenant(database.db, tenant.id, activeFeed))?.id).toBe(second.feedId);
    const statuses = (await withTenant(database.db, tenant.id, (tx) => feedHistory(tx))).map((v) => v.status);
    expect(statuses.sort()).toEqual(['active', 'failed', 'retired']);
  });
  it('deletes versions no longer in use once older than the delay, never the active one', async () => {
    const clock = new ManualClock(new Date('2026-11-01T10:00:00Z'));
    const tenant = await createTenant(database.db, { kind: 'aom', programmes: ['night-stops'] });
    const ctx = systemContext(database.db, tenant, clock);
    const first = await importTexts(ctx, smallFeed());
    clock.advance(10 * 86_400_000);
    const second = await importTexts(ctx, smallFeed());
    const statuses = async () =>
      (await withTenant(database.db, tenant.id, (tx) => feedHistory(tx))).map((v) => [v.id, v.status]).sort();
    // Retired ten days ago: within the 30-day default, kept.
    clock.advance(10 * 86_400_000);
    expect(await applyRetention(ctx, undefined)).toMatchObject({ 'night-stops-retired-feeds': 0 });
    expect(await statuses()).toEqual(
      [
        [first.feedId, 'retired'],
        [second.feedId, 'active'],
      ].sort(),
    );
    // Thirty-one days after it was retired (and 41 after the active one was imported): only the retired one goes.
    clock.advance(21 * 86_400_000);
    expect(await applyRetention(ctx, undefined)).toMatchObject({ 'night-stops-retired-feeds': 1 });
    expect(await statuses()).toEqual([[second.feedId, 'active']]);
    expect((await rowCounts(tenant)).stops).toBe(3);
    expect(await verifyAudit(database.db, tenant.id)).toMatchObject({ ok: true });
  });
});

describe('quietude import-gtfs', () => {
  it('prints the rows read per file, the warnings and the version; a bad feed exits 1 with one problem a line', async () => {
    const { tenant } = await authority();
    const env = { DATABASE_URL: connectionUrl(database), QUIETUDE_NOW: '2026-11-25T12:00:00Z' };
    const folder = writeFeedFolder(join(dir, 'cli-good'), withFile('stop_times.txt', null));
    const good = await runCli(['import-gtfs', tenant.slug, folder], env);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    const lines = good.stdout.trim().split('\n');
    expect(lines.slice(0, 7)).toEqual([
      'agency.txt 1',
      'calendar.txt 1',
      'calendar_dates.txt 1',
      'routes.txt 1',
      'shapes.txt 4',
      'stops.txt 3',
      'trips.txt 2',
    ]);
    expect(lines[7]).toMatch(/^warning: stop_times\.txt: stop_times\.txt is missing/);
    const feed = await withTenant(database.db, tenant.id, activeFeed);
    expect(lines[8]).toBe(`feed version ${feed?.id} activated (source: cli-good)`);

    const badFolder = writeFeedFolder(join(dir, 'cli-bad'), {
      ...replaceLine('stops.txt', 3, 'S2,Révolution,95.1,6.0243'),
      'trips.txt': (smallFeed()['trips.txt'] as string).replace('R1,NUIT,T2', 'R7,NUIT,T2'),
    });
    const bad = await runCli(['import-gtfs', tenant.slug, badFolder], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual([
      'GTFS feed refused, nothing changed: 2 problems',
      'stops.txt line 3, column stop_lat: 95.1 is out of range (latitude −90 to 90)',
      'trips.txt line 3, column route_id: unknown route_id "R7" (not in routes.txt)',
    ]);
    expect((await withTenant(database.db, tenant.id, activeFeed))?.id).toBe(feed?.id);
    // (Checked without a third process: the command opens the path with openGtfsPath.)
    await expect(openGtfsPath(join(dir, 'nowhere.zip'))).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('cannot read'),
    });
  });
});
