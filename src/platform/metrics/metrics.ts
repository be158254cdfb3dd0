import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AppDeps } from '../deps.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `/metrics` in Prometheus text format, for the operator's monitoring only: it answers with the bearer
 * token of METRICS_TOKEN and is absent (404) without one. Requests are labelled by route pattern
 * (`/t/:slug/suivi/:token`), never by the address asked, so no token, place or query string reaches
 * the monitoring. Jobs are read from `job_runs`, shared by every instance.
 */
export function registerMetrics(app: FastifyInstance, deps: AppDeps) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'quietude_' });
  const requests = new Counter({
    name: 'quietude_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'quietude_http_request_duration_seconds',
    help: 'Time to answer, by method and route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pool = deps.database.pool;
  new Gauge({
    name: 'quietude_db_pool_connections',
    help: 'Database pool connections by state (total, idle, waiting clients)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  const jobRuns = new Gauge({
    name: 'quietude_job_runs',
    help: 'Runs of each scheduled job kept in job_runs, by outcome (running: not finished)',
    labelNames: ['job', 'outcome'],
    registers: [registry],
  });
  const jobLast = new Gauge({
    name: 'quietude_job_last_finished_seconds',
    help: 'When each job last finished, by outcome (Unix time)',
    labelNames: ['job', 'outcome'],
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.url === '/metrics') return;
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  const token = deps.config.metricsToken;
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    // Without a configured token the endpoint does not exist; a wrong token reads the same.
    if (!token || !given || !timingSafeEqual(digest(given), digest(token))) return reply.status(404).send({ error: 'not found' });
    const rows = await sql<{ job: string; outcome: string; runs: string; last: Date | null }>`
      SELECT job, coalesce(outcome, 'running') AS outcome, count(*) AS runs, max(finished_at) AS last
      FROM job_runs GROUP BY job, coalesce(outcome, 'running')`.execute(deps.database.db);
    jobRuns.reset();
    jobLast.reset();
    for (const row of rows.rows) {
      jobRuns.set({ job: row.job, outcome: row.outcome }, Number(row.runs));
      if (row.last) jobLast.set({ job: row.job, outcome: row.outcome }, new Date(row.last).getTime() / 1000);
    }
    reply.header('cache-control', 'no-store');
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
