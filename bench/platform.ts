import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { parseConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { defaultLoad, type LoadFigures, measureRoute, row } from './load.js';
import { describeMachine } from './machine.js';
import { markdownTable } from './results-file.js';

const LATER_STARTS = 3;
const APP_ROUTES = ['/health', '/api/v1/tenants', '/t/lyon/'];

/**
 * The app as `npm start` runs it, on the embedded database in `dataDir`, quiet and without its jobs;
 * `env` adds or overrides variables (a bench's DATABASE_URL, its rate limits).
 */
export const appConfig = (dataDir: string, env: Record<string, string | undefined> = {}) =>
  parseConfig({
    ...process.env,
    DATABASE_URL: undefined,
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    RUN_JOBS: 'false',
    ...env,
  });

async function timedStart(dataDir: string): Promise<number> {
  const started = performance.now();
  const server = await startServer(appConfig(dataDir), () => {});
  const elapsed = performance.now() - started;
  await server.close();
  return elapsed;
}

/** The baseline: the least a Fastify route can cost on this machine. */
async function measureBareFastify(): Promise<LoadFigures> {
  const app = Fastify();
  app.get('/', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return await measureRoute(`http://127.0.0.1:${port}/`);
  } finally {
    await app.close();
  }
}

async function measureApp(dataDir: string, log: (line: string) => void): Promise<LoadFigures[]> {
  const server = await startServer(appConfig(dataDir), () => {});
  try {
    const figures: LoadFigures[] = [];
    for (const route of APP_ROUTES) {
      log(`  GET ${route}`);
      figures.push(await measureRoute(`http://127.0.0.1:${server.port}${route}`));
    }
    return figures;
  } finally {
    await server.close();
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The `## platform` section: the HTTP stack and the embedded database's start-up. */
export async function benchPlatform(log: (line: string) => void): Promise<string> {
  const machine = describeMachine();
  const temporary = mkdtempSync(join(tmpdir(), 'quietude-bench-'));
  const onInterrupt = () => {
    rmSync(temporary, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const dataDir = join(temporary, 'data');
    log('start-up: first start on an empty DATA_DIR');
    const first = await timedStart(dataDir);
    const later: number[] = [];
    for (let i = 0; i < LATER_STARTS; i++) {
      log(`start-up: later start ${i + 1}/${LATER_STARTS}`);
      later.push(await timedStart(dataDir));
    }

    log('HTTP: baseline (bare Fastify)');
    const baseline = await measureBareFastify();
    log('HTTP: the app');
    const app = await measureApp(dataDir, log);
    log('HTTP: baseline again (drift check)');
    const baselineAfter = await measureBareFastify();

    const all = [baseline, ...app, baselineAfter];
    const requests = all.reduce((sum, figures) => sum + figures.requests, 0);
    const failures = all.reduce((sum, figures) => sum + figures.failures, 0);
    // The baseline brackets the app's routes: their ratios are to its mean, so a slow drift of the machine cancels out.
    const baselineRps = (baseline.requestsPerSecond + baselineAfter.requestsPerSecond) / 2;
    const drift = (baselineAfter.requestsPerSecond / baseline.requestsPerSecond - 1) * 100;
    const { connections, warmUpSeconds, seconds: loadSeconds } = defaultLoad;

    return [
      `Measured ${machine}.`,
      '',
      '### HTTP',
      '',
      `autocannon, ${connections} connections, ${warmUpSeconds} s warm-up then ${loadSeconds} s per route, one route at a time,`,
      'against servers listening on 127.0.0.1 in the benchmark process (the requests come from an autocannon worker thread).',
      "Baseline: a bare `Fastify()` with one `GET /` answering `{ hello: 'world' }`, no logger. The app runs as `npm start`",
      'does (embedded database with the demo data, LOG_LEVEL=silent, jobs off).',
      '',
      markdownTable(
        ['route', '>req/s', '>p50 ms', '>p99 ms', '>ratio to baseline'],
        [
          row('baseline, before: bare Fastify `GET /`', baseline, baselineRps),
          ...app.map((figures, i) => row(`\`GET ${APP_ROUTES[i]}\``, figures, baselineRps)),
          row('baseline, after: bare Fastify `GET /`', baselineAfter, baselineRps),
        ],
      ),
      '',
      `Ratios are to the mean of the two baseline runs, ${Math.round(baselineRps)} req/s; the second differs from the first by ` +
        `${drift >= 0 ? '+' : ''}${drift.toFixed(1)} % (a large difference means the machine was busy during the run).`,
      "Latencies are whole milliseconds (autocannon's resolution): 0 means under 1 ms.",
      failures === 0
        ? `All ${requests} responses were 2xx, without errors or timeouts.`
        : `**${failures} of ${requests} requests failed (non-2xx, error or timeout): these figures are suspect.**`,
      '',
      '### Start-up',
      '',
      'Wall time of `startServer()` until it resolves (listening), embedded PGlite with PostGIS in a worker thread.',
      '',
      markdownTable(
        ['start', '>time'],
        [
          ['first start on an empty DATA_DIR (PostGIS set-up, migrations, demo data, listen)', seconds(first)],
          [
            `later start on the same DATA_DIR (median of ${LATER_STARTS}: ${later.map(seconds).join(', ')})`,
            seconds(median(later)),
          ],
        ],
      ),
    ].join('\n');
  } finally {
    process.off('SIGINT', onInterrupt);
    rmSync(temporary, { recursive: true, force: true });
  }
}
