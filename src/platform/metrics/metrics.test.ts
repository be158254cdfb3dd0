import { describe, expect, it } from 'vitest';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import { defineJob } from '../jobs/job.js';
import { runJob } from '../jobs/run-job.js';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';
let t: TestApp;
withTestApp((opened) => ({ t } = opened), { demo: true, config: { metricsToken: TOKEN } });

const scrape = (authorization?: string) => t.app.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });

describe('/metrics', () => {
  it('is reachable only with the operator’s token, and reads as absent otherwise', async () => {
    expect((await scrape()).statusCode).toBe(404);
    expect((await scrape('Bearer not-the-token')).statusCode).toBe(404);
    const ok = await scrape(`Bearer ${TOKEN}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toContain('text/plain');
    expect(ok.body).toContain('quietude_db_pool_connections{state="total"}');
    expect(ok.body).toContain('quietude_process_cpu_user_seconds_total');
  });

  it('counts requests by route pattern and status, never by the address asked', async () => {
    const secret = 'a-follow-up-token-that-must-not-leak';
    expect((await t.app.inject({ url: `/t/besancon/suivi/${secret}?lat=47.2` })).statusCode).toBe(404);
    await t.app.inject({ url: '/health' });
    await t.app.inject({ url: '/health' });
    await t.app.inject({ url: '/no/such/page' });
    const body = (await scrape(`Bearer ${TOKEN}`)).body;
    expect(body).not.toContain(secret);
    expect(body).not.toContain('lat=');
    expect(body).toMatch(/quietude_http_requests_total\{method="GET",route="\/t\/:slug\/suivi\/:token",status="404"\} 1/);
    expect(body).toMatch(/quietude_http_requests_total\{method="GET",route="\/health",status="200"\} [2-9]/);
    expect(body).toMatch(/quietude_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    expect(body).toMatch(/quietude_http_request_duration_seconds_count\{method="GET",route="\/health"\} [2-9]/);
  });

  it('reports the jobs’ runs and outcomes from job_runs', async () => {
    const fine = defineJob({ name: 'metrics-test-fine', description: 'test', everyMinutes: 60, run: async () => '1 done' });
    const broken = defineJob({
      name: 'metrics-test-broken',
      description: 'test',
      everyMinutes: 60,
      run: async () => {
        throw new Error('boom');
      },
    });
    await runJob(t.deps, fine, '2026-11-25T00:00:00.000Z');
    await runJob(t.deps, fine, '2026-11-25T01:00:00.000Z');
    await runJob(t.deps, broken, '2026-11-25T00:00:00.000Z');
    const body = (await scrape(`Bearer ${TOKEN}`)).body;
    expect(body).toContain('quietude_job_runs{job="metrics-test-fine",outcome="done"} 2');
    expect(body).toContain('quietude_job_runs{job="metrics-test-broken",outcome="failed"} 1');
    expect(body).toMatch(/quietude_job_last_finished_seconds\{job="metrics-test-fine",outcome="done"\} \d+/);
  });
});
