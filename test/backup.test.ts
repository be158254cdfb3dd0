import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { verifyAudit } from '../src/platform/audit/verify-audit.js';
import { parseBackupLine } from '../src/platform/backup/backup-format.js';
import { restoreBackup } from '../src/platform/backup/restore-backup.js';
import { writeBackup } from '../src/platform/backup/write-backup.js';
import { ManualClock } from '../src/platform/clock/clock.js';
import { AppError } from '../src/platform/errors.js';
import { filledTables, tableFingerprints } from './helpers/table-fingerprints.js';
import { openDemoDatabase, openTestDatabase } from './helpers/test-database.js';

let source: Database;
let target: Database;
let spare: Database;
const dir = mkdtempSync(join(tmpdir(), 'quietude-backup-'));
const file = join(dir, 'demo.qbk.gz');
const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));

beforeAll(async () => {
  [source, target, spare] = await Promise.all([openDemoDatabase(), openTestDatabase(), openTestDatabase()]);
  // Cases the demo lacks: a report marked duplicate of one that sorts after it (the self-reference must
  // survive any row order) and a row with an identity column, whose sequence must come back too.
  const client = await source.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT set_config('quietude.operation', 'test.backup-cases', true)");
    await client.query(`UPDATE reports SET duplicate_of = (SELECT id FROM reports ORDER BY id DESC LIMIT 1)
                         WHERE id = (SELECT id FROM reports ORDER BY id LIMIT 1)`);
    await client.query(`INSERT INTO security_events (at, user_id, kind)
                        SELECT '2026-11-26T08:00:00.123456Z', id, 'login_failed' FROM users ORDER BY id LIMIT 2`);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
});
afterAll(async () => {
  await Promise.all([source?.close(), target?.close(), spare?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of the backup with its decompressed text changed by `edit`, gzip'd again. */
function tampered(name: string, edit: (text: string) => string): string {
  const path = join(dir, name);
  writeFileSync(path, gzipSync(edit(gunzipSync(readFileSync(file)).toString('utf8'))));
  return path;
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('the restore was accepted');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(AppError);
      return (error as AppError).message;
    },
  );

describe('backup and restore', () => {
  it('round-trips the seeded demo exactly into a new migrated database', async () => {
    const backup = await writeBackup(source.pool, file, { engine: source.engine, app: 'test', clock });
    expect(backup.rows).toBeGreaterThan(1000);
    const before = await tableFingerprints(source.pool);
    expect(filledTables(before)).toEqual(
      expect.arrayContaining(['tenants', 'reports', 'territories', 'audit_events', 'security_events']),
    );

    const restored = await restoreBackup(target.pool, file);
    expect(restored.rows).toBe(backup.rows);
    expect(await tableFingerprints(target.pool)).toEqual(before);
    // The identity sequence continues after the restored rows instead of colliding with them.
    const next = await target.pool.query<{ fresh: boolean }>(
      `INSERT INTO security_events (at, kind) VALUES (now(), 'logout') RETURNING id > (SELECT max(id) FROM security_events WHERE kind <> 'logout') AS fresh`,
    );
    expect(next.rows[0]?.fresh).toBe(true);
    // The audit chains still verify: the restore added no event and changed none.
    const tenants = await target.db.selectFrom('tenants').select('id').execute();
    const verdicts = await Promise.all(tenants.map((t) => verifyAudit(target.db, t.id)));
    expect(verdicts.filter((v) => v.events > 0).length).toBeGreaterThan(0);
    expect(verdicts.every((v) => v.ok)).toBe(true);
  });

  it('refuses a target that already holds rows, and leaves it as it was', async () => {
    const before = await tableFingerprints(target.pool);
    expect(await refusal(restoreBackup(target.pool, file))).toMatch(/not empty \(rows in .*tenants/);
    expect(await tableFingerprints(target.pool)).toEqual(before);
  });

  it('refuses a truncated, tampered or foreign file, naming the problem, and changes nothing', async () => {
    const whole = readFileSync(file);
    const cut = join(dir, 'cut.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    expect(await refusal(restoreBackup(spare.pool, cut))).toMatch(/corrupt or incomplete: gzip: unexpected end of file/);

    // Valid gzip, but a row changed after the checksum was taken.
    const edited = tampered('edited.gz', (text) => text.replace(/"name":"([^"]+)"/, '"name":"$1 (modifié)"'));
    expect(await refusal(restoreBackup(spare.pool, edited))).toMatch(/rows of table \w+ do not match their checksum/);

    // Valid gzip, cut at a line boundary: the closing line is missing.
    const short = tampered('short.gz', (text) => text.split('\n').slice(0, 40).join('\n'));
    expect(await refusal(restoreBackup(spare.pool, short))).toMatch(/truncated/);

    const plain = join(dir, 'plain.txt');
    writeFileSync(plain, 'hello\n');
    expect(await refusal(restoreBackup(spare.pool, plain))).toMatch(/not a gzip file/);
    writeFileSync(plain, gzipSync('{"a":1}\n'));
    expect(await refusal(restoreBackup(spare.pool, plain))).toMatch(/not a Quiétude backup/);

    expect(filledTables(await tableFingerprints(spare.pool))).toEqual([]);
  });

  it('refuses a file whose migrations differ from the target, saying which', async () => {
    const future = tampered('future.gz', (text) =>
      text.replace('"migrations":[', '"migrations":["20991231T0000_from_the_future.sql",'),
    );
    expect(await refusal(restoreBackup(spare.pool, future))).toMatch(
      /migrations differ: the file has 1 migration\(s\) the target database lacks \(20991231T0000_from_the_future\.sql\)/,
    );
    const older = tampered('older.gz', (text) => text.replace(/"migrations":\["[^"]+",/, '"migrations":['));
    expect(await refusal(restoreBackup(spare.pool, older))).toMatch(
      /the target database has 1 migration\(s\) the file lacks \(20261125T1900_platform\.sql\)/,
    );
    expect(filledTables(await tableFingerprints(spare.pool))).toEqual([]);
  });

  it('reads any line as a row, a well-formed marker, or a corruption error (never anything else)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.tuple(fc.constantFrom('header', 'table', 'end', 'done', 'sequences'), fc.jsonValue()).map((t) => JSON.stringify(t)),
        ),
        (text) => {
          try {
            const line = parseBackupLine(text, 7);
            expect(line.kind === 'row' ? text.startsWith('{') : text.startsWith('[')).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect((error as AppError).message).toContain('line 7');
          }
        },
      ),
    );
  });
});
