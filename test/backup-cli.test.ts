import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openEmbeddedEngine } from '../src/db/embedded-engine.js';
import { backupCommand } from '../src/platform/backup/backup-commands.js';
import { writeBackup } from '../src/platform/backup/write-backup.js';
import { systemClock } from '../src/platform/clock/clock.js';
import { runCli } from './helpers/run-cli.js';
import { openDemoDatabase } from './helpers/test-database.js';

// The embedded engine's own commands, as an operator runs them: with DATA_DIR and no DATABASE_URL.
const dir = mkdtempSync(join(tmpdir(), 'quietude-backup-cli-'));
const dataDir = join(dir, 'data');
const embedded = { DATA_DIR: dataDir, DATABASE_URL: '' };
const demoFile = join(dir, 'demo.qbk.gz');

/** Each table's row count and checksum as the file records them (`end` markers). */
const tableEnds = (path: string) =>
  gunzipSync(readFileSync(path))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.startsWith('["end"'))
    .map((line) => JSON.parse(line)[1]);

beforeAll(async () => {
  const demo = await openDemoDatabase();
  try {
    await writeBackup(demo.pool, demoFile, { engine: demo.engine, app: 'test', clock: systemClock });
  } finally {
    await demo.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('quietude backup / restore on the embedded engine', () => {
  it('restores into a new DATA_DIR, backs up through the running server, and again with it stopped: the same rows', async () => {
    const restore = await runCli(['restore', demoFile], embedded);
    expect(restore.stderr).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/restored\nmigrations applied first: \d+\ntables: \d+\nrows: \d+\nduration: /);

    // A running server owns the data directory (the lock with its pid, the socket beside it).
    const server = await openEmbeddedEngine(dataDir);
    try {
      const live = await runCli(['backup', join(dir, 'live.qbk.gz')], embedded);
      expect(live.code).toBe(0);
      expect(live.stdout).toContain('Made through the running server');

      const intoRunning = await runCli(['restore', demoFile], embedded);
      expect(intoRunning.code).toBe(1);
      expect(intoRunning.stderr).toMatch(
        /The server \(process \d+\) is using the embedded database .*: stop it, restore into a new DATA_DIR/,
      );
    } finally {
      await server.close();
    }

    const stopped = await runCli(['backup', join(dir, 'stopped.qbk.gz')], embedded);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(/^Backup written to .*\ntables: \d+\nrows: \d+\nbytes: \d+\nduration: \d+\.\d s\n$/);

    const expected = tableEnds(demoFile);
    expect(expected.some((end) => end.rows > 0)).toBe(true);
    expect(tableEnds(join(dir, 'live.qbk.gz'))).toEqual(expected);
    expect(tableEnds(join(dir, 'stopped.qbk.gz'))).toEqual(expected);
  }, 240_000); // a new embedded database's first start (PostGIS set-up) takes 12 s on a quiet machine, far more on a busy one

  it('never overwrites a file, and does not create an empty DATA_DIR to back it up', async () => {
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('DATA_DIR', join(dir, 'missing'));
    try {
      await expect(backupCommand.run({ positionals: [demoFile], values: {} })).rejects.toThrow(/demo\.qbk\.gz already exists/);
      await expect(backupCommand.run({ positionals: [join(dir, 'none.qbk.gz')], values: {} })).rejects.toThrow(
        /There is no embedded database in .*missing/,
      );
      expect(existsSync(join(dir, 'missing'))).toBe(false);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
