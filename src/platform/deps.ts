import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import type { Clock } from './clock/clock.js';
import type { Geocoder } from './geocoding/geocoder.js';
import type { Mailer } from './mail/mailer.js';

/** What the application is built from: parsed once at start-up, passed down, never global. */
export interface AppDeps {
  config: Config;
  database: Database;
  /**
   * Where dashboards and public statistics read: a replica when DATABASE_REPLICA_URL is set (its role is
   * read-only), otherwise absent and they read `database`. Use `readingDb(deps)`; never write through it.
   */
  readDatabase?: Database;
  clock: Clock;
  logger: Logger;
  geocoder: Geocoder;
  mailer: Mailer;
}

/** The database dashboards and public statistics read: the replica if there is one, otherwise the primary. */
export function readingDb(deps: Pick<AppDeps, 'database' | 'readDatabase'>): Kysely<DB> {
  return (deps.readDatabase ?? deps.database).db;
}
