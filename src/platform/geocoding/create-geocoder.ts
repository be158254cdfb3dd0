import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { banGeocoder } from './ban-geocoder.js';
import type { Geocoder } from './geocoder.js';
import { localGeocoder } from './local-geocoder.js';

export const createGeocoder = (config: Config, database: Database): Geocoder =>
  config.geocoder.kind === 'ban' ? banGeocoder(config.geocoder.url) : localGeocoder(database);
