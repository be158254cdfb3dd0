import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setImmediate as tickOver } from 'node:timers/promises';
import pg from 'pg';
import { changePlaceStatus } from '../src/modules/safe-places/place-operations.js';
import { systemActor } from '../src/platform/access/actor.js';
import { findTenantBySlug } from '../src/platform/tenants/tenant-queries.js';
import { startServer } from '../src/server.js';
import { describeMachine } from './machine.js';
import { appConfig } from './platform.js';
import { markdownTable } from './results-file.js';

/** Edits measured (a place suspended, then reactivated, in turn), after two for warm-up. */
const EDITS = 40;
const TENANT = 'besancon';
/** Past this, an edit counts as not seen (the version check alone would catch it within 5 s). */
const GIVE_UP_MS = 10_000;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
};
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

/**
 * `npm run bench -- instances`: two full instances (`startServer`) on one PostgreSQL database
 * (`BENCH_DATABASE_URL`'s server, a new database dropped afterwards). A place of the demo network is
 * suspended and reactivated on A by its operation, A rebuilding its index as its pages do; the time until
 * B's index has it (the notification, then B's rebuild) is measured from A's commit, beside a plain
 * round trip and A's own rebuild in the same run.
 */
export async function benchInstances(log: (line: string) => void): Promise<string> {
  const machine = describeMachine();
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl)
    return `**Not measured in this run: \`BENCH_DATABASE_URL\` was not set.** Several instances share PostgreSQL only (the embedded engine is one process); set it to a PostgreSQL server with PostGIS whose role may create databases.`;
  const name = `quietude_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const version = (await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const env = { DATABASE_URL: url.href, SESSION_SECRET: randomBytes(32).toString('hex') };
    log('starting instance A (migrations, demo data), then B');
    const a = await startServer(appConfig('', env), () => {});
    const b = await startServer(appConfig('', env), () => {});
    try {
      const tenant = await findTenantBySlug(a.deps.database.db, TENANT);
      if (!tenant) throw new Error(`No demo tenant ${TENANT}: the demo data did not load`);
      const place = await a.deps.database.pool.query<{ id: string }>(
        "SELECT id FROM safe_places WHERE tenant_id = $1 AND status = 'active' ORDER BY name LIMIT 1",
        [tenant.id],
      );
      const id = place.rows[0]?.id as string;
      const ctx = { db: a.deps.database.db, clock: a.deps.clock, actor: systemActor('bench'), tenant };

      const roundTrips: number[] = [];
      const commits: number[] = [];
      const localRebuilds: number[] = [];
      const lags: number[] = [];
      let missed = 0;
      for (let i = 0; i < EDITS + 2; i++) {
        const suspend = i % 2 === 0;
        const expected = b.app.safePlaces.size() + (suspend ? -1 : 1);
        let started = performance.now();
        await a.deps.database.pool.query('SELECT 1');
        const roundTrip = performance.now() - started;
        started = performance.now();
        await changePlaceStatus(ctx, { id, to: suspend ? 'suspended' : 'active', reason: 'mesure de la propagation' });
        const committed = performance.now();
        await a.app.safePlaces.refresh(tenant.id);
        const rebuilt = performance.now();
        while (b.app.safePlaces.size() !== expected && performance.now() - committed < GIVE_UP_MS) await tickOver();
        const seen = performance.now();
        if (i < 2) continue;
        if (b.app.safePlaces.size() !== expected) missed++;
        roundTrips.push(roundTrip);
        commits.push(committed - started);
        localRebuilds.push(rebuilt - committed);
        lags.push(seen - committed);
      }
      log(`lag p50 ${ms(percentile(lags, 0.5))}, p95 ${ms(percentile(lags, 0.95))}`);
      const line = (label: string, values: number[]) => [
        label,
        ms(percentile(values, 0.5)),
        ms(percentile(values, 0.95)),
        `${(percentile(values, 0.5) / percentile(roundTrips, 0.5)).toFixed(1)}`,
      ];
      return [
        `Measured ${machine}.`,
        '',
        `PostgreSQL ${version}, a new database \`quietude_bench_<random>\` on \`BENCH_DATABASE_URL\`'s server (migrated and seeded with the demo by A, dropped afterwards). ` +
          `Two instances started with \`startServer\` in this one process, each with its own pool and listening connection. ` +
          `${EDITS} edits after two for warm-up: a place of the ${TENANT} demo network (${b.app.safePlaces.size()} public places across the demo tenants) suspended then reactivated in turn by the \`changePlaceStatus\` operation on A, ` +
          'which then rebuilds its own index as its pages do; B is polled on every turn of the event loop until its index has the change. ' +
          `Times from A's commit, except the first two rows. Edits not seen by B within ${GIVE_UP_MS / 1000} s: ${missed}.`,
        '',
        markdownTable(
          ['step', '>p50', '>p95', '>ratio to a round trip'],
          [
            line('`SELECT 1` round trip on A’s pool (baseline)', roundTrips),
            line('the edit on A (operation, audit, trigger, commit)', commits),
            line('A rebuilds its own index after the commit', localRebuilds),
            line('**B’s index has it** (notification, then B’s rebuild)', lags),
          ],
        ),
        '',
        'The lag is the notification’s trip plus one rebuild of the tenant’s network (the same work as A’s own); both instances share this process’s one thread, so B’s rebuild also waits for A’s. ' +
          'Without a notification (listener down, being reconnected) the version check catches the change within 5 s.',
      ].join('\n');
    } finally {
      await b.close();
      await a.close();
    }
  } finally {
    const drop = new pg.Client({ connectionString: serverUrl });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  }
}
