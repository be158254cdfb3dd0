import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { listPublicPlaces } from './place-queries.js';

/** The public network as GeoJSON, so that a transit app or an open-data portal can reuse it. */
export function registerOpenDataRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get<{ Params: { slug: string } }>(
    '/api/v1/t/:slug/safe-places.geojson',
    {
      config: { public: true },
      schema: {
        tags: ['safe-places'],
        summary: 'The active safe places of the network (GeoJSON)',
        params: Type.Object({ slug: Type.String() }),
      },
    },
    async (request, reply) => {
      const tenant = await requireTenant(deps.database.db, request.params.slug);
      const today = deps.clock.now().toISOString().slice(0, 10);
      const places = await listPublicPlaces(deps.database.db, tenant.id);
      const features = places.map((p) => ({
        type: 'Feature',
        id: p.id,
        geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
        properties: {
          id: p.id,
          name: p.name,
          kind: p.kind,
          address: p.address,
          phone: p.phone,
          opening_hours: p.opening_hours,
          temporarily_closed:
            p.closed_from !== null && p.closed_from <= today && (p.closed_until === null || today <= p.closed_until),
          hours_confirmed_on: p.hours_confirmed_on,
        },
      }));
      return reply.type('application/geo+json').send({ type: 'FeatureCollection', features });
    },
  );
}
