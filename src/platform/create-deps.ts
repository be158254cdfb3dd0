import type { Config } from '../config.js';
import { openDatabase, openReplica } from '../db/open-database.js';
import { type Clock, clockFrom, systemClock } from './clock/clock.js';
import type { AppDeps } from './deps.js';
import { createGeocoder } from './geocoding/create-geocoder.js';
import { createLogger } from './logging/logger.js';
import { createMailer } from './mail/mailer.js';

/** Opens everything the app and the CLI stand on, from the parsed configuration. */
export async function createDeps(config: Config, onProgress?: (message: string) => void): Promise<AppDeps> {
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, onProgress);
  // No connection is opened before the first read: commands that never read a dashboard never touch it.
  const readDatabase = openReplica(config);
  const clock: Clock = config.now ? clockFrom(config.now) : systemClock;
  return {
    config,
    database,
    readDatabase,
    clock,
    logger,
    geocoder: createGeocoder(config, database),
    mailer: createMailer(config.mail, logger),
  };
}
