import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/test-app.js';
import { lockPath } from './data-dir-lock.js';
import { createDatabase } from './database.js';
import { openEmbeddedEngine, openMemoryEngine, SOCKET_PORT } from './embedded-engine.js';
import { openDatabase } from './open-database.js';

const root = new URL('../../', import.meta.url).pathname;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'quietude-engine-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('embedded engine off the HTTP thread', () => {
  it('answers /health while the engine is busy with a 5 s query', async () => {
    // The embedded engine itself, whatever TEST_DATABASE_URL says: /health needs no tables.
    const socketDir = tempDir();
    const engine = await openMemoryEngine(socketDir);
    const database = createDatabase(
      'pglite',
      { host: socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' },
      () => engine.close(),
      () => engine.busy(),
    );
    const { app } = await buildTestApp(database);
    try {
      let sleepDone = false;
      const sleeping = database.pool.query('SELECT pg_sleep(5)').then(() => {
        sleepDone = true;
      });
      // The engine's own counter says when the sleep is executing. If PGlite
      // ran on this thread, this loop could not run until the sleep was over.
      const deadline = Date.now() + 5000;
      while (database.busy() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(database.busy()).toBe(1);
      const health = await app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      // Answered while the query was still running (5 s leave room on a loaded machine).
      expect(sleepDone).toBe(false);
      await sleeping;
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe('embedded data directory', () => {
  it('refuses a second opener while the owner lives, and hands commands its socket', async () => {
    const dataDir = tempDir();
    // Simulate a live owner: this test's parent process holds the lock.
    writeFileSync(lockPath(dataDir), JSON.stringify({ pid: process.ppid, socketDir: dataDir }));
    await expect(openEmbeddedEngine(dataDir)).rejects.toThrow(/in use by process/);
    const viaSocket = await openDatabase({ dataDir });
    expect(viaSocket.engine).toBe('pglite');
    await viaSocket.close();
    // The lock of the live owner is left as it was.
    expect(existsSync(lockPath(dataDir))).toBe(true);
  });

  // Two engine starts with PostGIS set-up, one in a child process: slow on 2 busy cores (54 s seen), hence its own limit.
  it('recovers from a first start killed during PostGIS set-up, taking over the stale lock', { timeout: 150_000 }, async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'migrate'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development' },
      stdio: 'ignore',
    });
    const deadline = Date.now() + 30_000;
    while (!readdirSync(dataDir).some((n) => n.startsWith('pgdata.init-')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(readdirSync(dataDir).some((n) => n.startsWith('pgdata.init-'))).toBe(true);
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
    expect(existsSync(lockPath(dataDir))).toBe(true);

    const engine = await openEmbeddedEngine(dataDir);
    try {
      expect(readdirSync(dataDir).some((n) => n.startsWith('pgdata.init-'))).toBe(false);
      expect(existsSync(join(dataDir, 'pgdata'))).toBe(true);
    } finally {
      await engine.close();
    }
    expect(existsSync(lockPath(dataDir))).toBe(false);
  });
});
