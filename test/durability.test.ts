import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { connectionUrl, onPostgres, openTestDatabase } from './helpers/test-database.js';

// « Nothing acknowledged is ever lost »: a server killed with SIGKILL in the middle of a burst of reports
// keeps, after a restart, every report it answered with a 2xx/3xx. On PostgreSQL as in production; on the
// embedded engine, the data directory reopens after the kill and keeps them too.

const root = new URL('../', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'quietude-durability-'));
let database: Database | undefined;
afterAll(async () => {
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const port = 20_000 + Math.floor(Math.random() * 20_000);
const base = `http://127.0.0.1:${port}`;

async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RUN_JOBS: 'false',
      // One client sends the whole burst.
      REPORTS_PER_CLIENT_PER_HOUR: '100000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    const up = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start: ${stderr}`);
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe(`durability of acknowledged reports (${onPostgres ? 'PostgreSQL' : 'embedded engine'})`, () => {
  it('keeps every report acknowledged before a kill -9, after a restart', async () => {
    if (onPostgres) database = await openTestDatabase();
    const env: Record<string, string> = database ? { DATABASE_URL: connectionUrl(database) } : { DATA_DIR: dataDir };
    let server = await startServer(env);
    const { cookie, csrf } = await reportForm();

    const acknowledged: string[] = [];
    const send = async (i: number) => {
      const response = await postReport(cookie, csrf, i).catch(() => undefined);
      if (response && response.status === 303) acknowledged.push(response.headers.get('location') as string);
    };
    // Six senders at once; the server is killed once twenty reports are acknowledged.
    let next = 0;
    let stop = false;
    const sender = async () => {
      while (!stop && next < 400) await send(next++);
    };
    const senders = Array.from({ length: 6 }, sender);
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 5));
    await killed(server);
    stop = true;
    await Promise.all(senders);
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);

    server = await startServer(env);
    try {
      for (const location of acknowledged) {
        const follow = await fetch(`${base}${location.split('?')[0]}`);
        expect(follow.status, location).toBe(200);
      }
    } finally {
      await killed(server);
    }
  }, 240_000);

  it('on SIGTERM, finishes the requests in flight, exits cleanly and loses none of them', async () => {
    const env: Record<string, string> = database ? { DATABASE_URL: connectionUrl(database) } : { DATA_DIR: dataDir };
    let server = await startServer(env);
    const { cookie, csrf } = await reportForm();
    const acknowledged: string[] = [];
    // Requests sent before the signal must all be answered; later ones may be refused.
    let signalled = false;
    const lostInFlight: string[] = [];
    const send = async (i: number) => {
      const sentBeforeSignal = !signalled;
      const response = await postReport(cookie, csrf, i).catch((error: Error) => error);
      if (response instanceof Error) {
        if (sentBeforeSignal) lostInFlight.push(`${i}: ${response.message}`);
      } else if (response.status === 303) acknowledged.push(response.headers.get('location') as string);
      else if (sentBeforeSignal && response.status !== 503) lostInFlight.push(`${i}: HTTP ${response.status}`);
    };
    let next = 0;
    const sender = async () => {
      while (!signalled && next < 400) await send(next++);
    };
    const senders = Array.from({ length: 6 }, sender);
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 5));
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    signalled = true;
    server.kill('SIGTERM');
    // While it drains, the instance tells the reverse proxy it is not ready (but still answers).
    let ready = 200;
    for (let tries = 0; ready !== 503 && tries < 30; tries++) {
      ready = (await fetch(`${base}/ready`).catch(() => undefined))?.status ?? 0;
      if (ready !== 503) await new Promise((r) => setTimeout(r, 20));
    }
    expect(ready).toBe(503);
    await Promise.all(senders);
    expect(await exited).toBe(0);
    expect(lostInFlight).toEqual([]);

    server = await startServer(env);
    try {
      for (const location of acknowledged) expect((await fetch(`${base}${location.split('?')[0]}`)).status, location).toBe(200);
    } finally {
      await killed(server);
    }
  }, 240_000);
});

async function reportForm(): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${base}/t/besancon/signaler?categorie=degradation`);
  expect(form.status).toBe(200);
  const cookie = (form.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  return { cookie, csrf };
}

function postReport(cookie: string, csrf: string, i: number): Promise<Response> {
  const body = new FormData();
  body.append('_csrf', csrf);
  body.append('category', 'degradation');
  body.append('lat', String(47.235 + (i % 10) * 0.001));
  body.append('lon', '6.025');
  body.append('description', `Signalement de charge n° ${i}`);
  return fetch(`${base}/t/besancon/signaler`, { method: 'POST', body, headers: { cookie }, redirect: 'manual' });
}
