import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type Config, parseConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { ManualClock } from '../../src/platform/clock/clock.js';
import type { AppDeps } from '../../src/platform/deps.js';
import type { Geocoder } from '../../src/platform/geocoding/geocoder.js';
import { localGeocoder } from '../../src/platform/geocoding/local-geocoder.js';
import { createLogger } from '../../src/platform/logging/logger.js';
import type { Mail, Mailer } from '../../src/platform/mail/mailer.js';
import { openDemoDatabase, openTestDatabase } from './test-database.js';

/** Log lines the app wrote, kept so that tests can read them. */
export class CapturedLogs extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text() {
    return this.lines.join('\n');
  }
}

/** A mailer that keeps what it was asked to send (tests of mail delivery itself use a real SMTP server). */
export function outbox(): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  return {
    delivers: true,
    sent,
    async send(mail) {
      sent.push(mail);
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  clock: ManualClock;
  logs: CapturedLogs;
}

/** The real application on a test database, answering through app.inject. */
export async function buildTestApp(
  database: Database,
  options: { config?: Partial<Config>; geocoder?: Geocoder; now?: string; mailer?: Mailer; readDatabase?: Database } = {},
): Promise<TestApp> {
  const config = { ...parseConfig({ NODE_ENV: 'test' }), ...options.config };
  const logs = new CapturedLogs();
  const clock = new ManualClock(new Date(options.now ?? '2026-11-25T22:30:00Z'));
  const deps: AppDeps = {
    config,
    database,
    readDatabase: options.readDatabase,
    clock,
    logger: createLogger('info', logs),
    geocoder: options.geocoder ?? localGeocoder(database),
    mailer: options.mailer ?? outbox(),
  };
  const app = await buildApp(deps);
  await app.ready();
  return { app, deps, clock, logs };
}

/**
 * Opens this test file's database and app before its tests and closes both
 * after: `withTestApp((opened) => ({ database, t } = opened))`; `{ demo: true }` starts from the demo tenants.
 */
export function withTestApp(
  assign: (opened: { database: Database; t: TestApp }) => void,
  options: Parameters<typeof buildTestApp>[1] & { demo?: boolean } = {},
) {
  let opened: { database: Database; t: TestApp } | undefined;
  beforeAll(async () => {
    const database = options.demo ? await openDemoDatabase() : await openTestDatabase();
    opened = { database, t: await buildTestApp(database, options) };
    assign(opened);
  });
  afterAll(async () => {
    await opened?.t.app.close();
    await opened?.database.close();
  });
}
