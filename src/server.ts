import { performance } from 'node:perf_hooks';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { migrate } from './db/migrate.js';
import { createDeps } from './platform/create-deps.js';
import { seedDemo } from './platform/demo/seed-demo.js';
import { jobs } from './platform/jobs/job-list.js';
import { startScheduler } from './platform/jobs/scheduler.js';

/**
 * `npm start` / `quietude serve`: open the database (embedded or PostgreSQL),
 * migrate, load the demo data on a first start outside production, listen.
 */
export async function startServer(config: Config, say: (line: string) => void) {
  const started = performance.now();
  const deps = await createDeps(config, say);
  try {
    const applied = await migrate(deps.database.pool);
    if (applied.length) say(`Database migrated (${applied.length} migration${applied.length > 1 ? 's' : ''}).`);
    if (config.env !== 'production') {
      const tenants = await deps.database.db.selectFrom('tenants').select('id').limit(1).execute();
      if (tenants.length === 0) say(`Demo data loaded: ${await seedDemo(deps.database.db, config.env)} demo tenants.`);
    }
    const app = await buildApp(deps);
    await app.listen({ port: config.port, host: config.host });
    const scheduler = config.runJobs ? startScheduler(deps, jobs) : undefined;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    say(
      `Quiétude is ready on http://${config.host}:${port}/ (${deps.database.engine}, started in ${Math.round(performance.now() - started)} ms)`,
    );
    return {
      app,
      deps,
      port,
      async close() {
        await scheduler?.stop();
        await app.close();
        await deps.database.close();
      },
    };
  } catch (error) {
    await deps.database.close();
    throw error;
  }
}
