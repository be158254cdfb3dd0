import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { registerGtfsUploadPage } from './gtfs-upload-page.js';

/** Mounts the night-stops module: for now, the transport authority's GTFS upload page. */
export function registerNightStops(app: FastifyInstance, deps: AppDeps) {
  registerGtfsUploadPage(app, deps);
}
