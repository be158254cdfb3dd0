import { performance } from 'node:perf_hooks';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { prepareDatabase } from './db/prepare-database.js';
import { createDeps } from './platform/create-deps.js';
import { DEMO_PASSWORD } from './platform/demo/demo-tenants.js';
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
    const prepared = await prepareDatabase(deps.database, config.env);
    if (prepared.migrations) say(`Database migrated (${prepared.migrations} migrations applied).`);
    if (prepared.demoTenants) {
      say(`Demo data loaded: ${prepared.demoTenants} demo tenants.`);
      say(
        `Demo accounts: <role>.<slug>@demo.invalid (for instance admin.besancon@demo.invalid), password « ${DEMO_PASSWORD} ». Sign in at /connexion.`,
      );
    }
    if (!deps.mailer.delivers) say('Mail: no SMTP_URL, so mails are written to the log with their content redacted.');
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
      /**
       * Drains for `shutdownGraceMs` (not ready, every answer closes its connection), stops taking
       * requests, lets those in flight finish, then closes the database. A client or a reverse proxy keeps
       * its connections open for reuse (Fastify announces 72 s): each one is closed as soon as its last
       * response is sent, or the process would wait for their timeouts.
       */
      async close() {
        await scheduler?.stop();
        // Drain (`drain.ts`), then close: requests still arriving during the grace are answered.
        app.drain.on = true;
        await new Promise((resolve) => setTimeout(resolve, config.shutdownGraceMs));
        const closing = app.close();
        const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
        try {
          await closing;
        } finally {
          clearInterval(sweep);
        }
        await deps.readDatabase?.close();
        await deps.database.close();
      },
    };
  } catch (error) {
    await deps.readDatabase?.close();
    await deps.database.close();
    throw error;
  }
}
