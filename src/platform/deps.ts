import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Clock } from './clock/clock.js';
import type { Geocoder } from './geocoding/geocoder.js';
import type { Mailer } from './mail/mailer.js';

/** What the application is built from: parsed once at start-up, passed down, never global. */
export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  geocoder: Geocoder;
  mailer: Mailer;
}
