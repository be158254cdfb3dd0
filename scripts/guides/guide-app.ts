import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { ManualClock } from '../../src/platform/clock/clock.js';
import { createDeps } from '../../src/platform/create-deps.js';
import { seedDemo } from '../../src/platform/demo/seed-demo.js';

export interface GuideApp {
  baseURL: string;
  close(): Promise<void>;
}

/**
 * The app as `npm start` runs it, but on a throwaway embedded database with the demo seeded at a fixed instant
 * and a clock that never moves: the screenshots show the same dates and the same « open now » places on every run.
 */
export async function startGuideApp(now: string, say: (line: string) => void): Promise<GuideApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quietude-guides-'));
  const config = parseConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    RUN_JOBS: 'false',
    QUIETUDE_NOW: now,
    // Links the app writes out (a report's follow-up link) show a plausible address, not the throwaway port.
    PUBLIC_URL: 'https://quietude.example.org',
  });
  const clock = new ManualClock(new Date(now));
  const deps = { ...(await createDeps(config, say)), clock };
  try {
    await migrate(deps.database.pool);
    say('Loading the demo data…');
    await seedDemo(deps.database.db, 'development', clock);
    const app = await buildApp(deps);
    const baseURL = await app.listen({ port: 0, host: '127.0.0.1' });
    return {
      baseURL,
      async close() {
        await app.close();
        await deps.database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await deps.database.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
