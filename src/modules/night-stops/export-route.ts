import type { FastifyInstance } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import { exportGtfsWithDropOffs } from './export-gtfs.js';

/** `GET /t/{slug}/espace/descente/gtfs/export.zip`: the active feed with `continuous_drop_off` on the open sections. */
export function registerGtfsExportRoute(app: FastifyInstance, deps: AppDeps) {
  app.get<{ Params: { slug: string } }>(
    '/t/:slug/espace/descente/gtfs/export.zip',
    { config: { permission: 'night-stops.manage' }, schema: { hide: true } },
    async (request, reply) => {
      const zip = await withTenant(deps.database.db, request.tenant!.id, exportGtfsWithDropOffs);
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="gtfs-${request.tenant!.slug}-descente.zip"`)
        .send(zip);
    },
  );
}
