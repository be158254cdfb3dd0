import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { benchCommunalLines, demoCommunalCsv, demoCommunes } from '../src/modules/observatory/ssmsi/demo-ssmsi.js';
import { importSsmsi } from '../src/modules/observatory/ssmsi/import-ssmsi.js';
import { fileSource } from '../src/modules/observatory/ssmsi/ssmsi-source.js';
import { startServer } from '../src/server.js';
import { type LoadFigures, measureRequests, measureRoute } from './load.js';
import { describeMachine } from './machine.js';
import { appConfig } from './platform.js';
import { markdownTable } from './results-file.js';

/**
 * Rows of the generated communal edition under the dashboard. The issue asks for 5 million; on this shared machine the
 * embedded import alone runs at about 5 000 rows a second, so the default is smaller and the section says which.
 */
const ROWS = Number(process.env.BENCH_DASHBOARD_ROWS ?? 500_000);
const PAGE = '/t/lyon/espace/observatoire';

/** The bench file and Lyon's own demo rows after it, so that the dashboard has its commune among the large edition. */
function* editionLines(): Generator<string> {
  yield* benchCommunalLines(ROWS);
  const lyon = demoCommunalCsv(
    'current',
    demoCommunes.filter((c) => c.insee === '69123'),
  ).split('\n');
  for (const line of lyon.slice(1)) if (line) yield `${line}\n`;
}

/** One table row with req/s to one decimal: the dashboard answers a few times a second, not thousands. */
const row = (label: string, f: LoadFigures, baseline: number) => [
  label,
  f.requestsPerSecond.toFixed(1),
  String(f.p50Ms),
  String(f.p99Ms),
  (f.requestsPerSecond / baseline).toFixed(4),
];

/** A coordinator's session cookie, signed in through the form as a browser does. */
async function signIn(origin: string): Promise<string> {
  const form = await fetch(`${origin}/connexion`);
  const html = await form.text();
  const cookies = form.headers.getSetCookie().map((line) => line.split(';')[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const answer = await fetch(`${origin}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookies.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email: 'coordinator.lyon@demo.invalid', password: 'quietude-demo' }).toString(),
  });
  const session = answer.headers.getSetCookie().map((line) => line.split(';')[0]);
  if (answer.status !== 303 || session.length === 0) throw new Error(`sign-in answered ${answer.status}`);
  return [...cookies, ...session].join('; ');
}

/** The staff dashboard of the Lyon demo over a large communal edition, beside `/health` in the same run. */
export async function benchObservatoryDashboard(log: (line: string) => void): Promise<string> {
  const machine = describeMachine();
  const temporary = mkdtempSync(join(tmpdir(), 'quietude-bench-dashboard-'));
  try {
    const file = join(temporary, 'communal.csv');
    log(`writing ${ROWS} rows and Lyon's`);
    await pipeline(Readable.from(editionLines()), createWriteStream(file));
    log('start: the app on an empty DATA_DIR (demo data)');
    const server = await startServer(appConfig(join(temporary, 'data')), () => {});
    try {
      const origin = `http://127.0.0.1:${server.port}`;
      log('importing the large edition (replaces the demo communal edition)');
      const started = performance.now();
      const report = await importSsmsi(server.deps.database.db, await fileSource(file), { now: new Date() });
      const importMs = performance.now() - started;
      const cookie = await signIn(origin);
      const dashboard = [{ method: 'GET' as const, path: PAGE, headers: { cookie } }];
      const single = performance.now();
      const first = await fetch(origin + PAGE, { headers: { cookie } });
      const firstBytes = (await first.arrayBuffer()).byteLength;
      const firstMs = performance.now() - single;
      if (first.status !== 200) throw new Error(`GET ${PAGE} answered ${first.status}`);
      const load = { connections: 2, warmUpSeconds: 2, seconds: 10 };
      log('HTTP: GET /health (baseline)');
      const health = await measureRoute(`${origin}/health`, load);
      log(`HTTP: GET ${PAGE}`);
      const page = await measureRequests(origin, dashboard, load);
      log('HTTP: GET /health again (drift check)');
      const healthAfter = await measureRoute(`${origin}/health`, load);
      const baseline = (health.requestsPerSecond + healthAfter.requestsPerSecond) / 2;
      return [
        '### Staff dashboard over a large edition',
        '',
        `Measured ${machine}.`,
        '',
        `**${report.rowsImported.toLocaleString('en')} communal rows** in the active edition (\`benchCommunalLines\`, ${ROWS.toLocaleString('en')} rows, and the Lyon demo commune's own rows; imported by \`importSsmsi\` in ${(importMs / 1000).toFixed(0)} s), the demo departmental edition beside it.${ROWS < 5_000_000 ? " **Not the issue's 5 million**: the embedded import runs at about 5 000 rows a second on this shared machine; `BENCH_DASHBOARD_ROWS=5000000` measures the full size." : ''} The page reads every known indicator for Lyon, its département, France (summed over the départements) and the communes of its population band (a sum over the communal edition, the costly part), the targets, the platform's own figures for three years and the police figures. The first request took ${firstMs.toFixed(0)} ms (${(firstBytes / 1024).toFixed(0)} KB of HTML); France and the similar communes are then kept in memory for the active editions, so the load below measures the page after that first read.`,
        '',
        'autocannon, 2 connections (the page is heavy; more would only queue on the embedded engine), 2 s warm-up then 10 s, from a worker thread of the same process, signed in as the demo coordinator.',
        '',
        markdownTable(
          ['route', 'req/s', 'p50 ms', 'p99 ms', 'ratio to /health'],
          [
            row('GET /health (baseline)', health, baseline),
            row(`GET ${PAGE}`, page, baseline),
            row('GET /health again (drift)', healthAfter, baseline),
          ],
        ),
        '',
        `Failures (non-2xx, errors, timeouts): ${health.failures + page.failures + healthAfter.failures}.`,
      ].join('\n');
    } finally {
      await server.close();
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}
