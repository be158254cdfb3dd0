import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../deps.js';
import { requireTenant } from '../tenants/tenant-queries.js';
import { listTerritoryFeatures, territoriesBbox, territoryKinds } from './territory-queries.js';

const Slug = Type.Object({ slug: Type.String() });

/** Territory outlines and map settings are public: client map scripts start from them. */
export const territoryRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/v1/t/:slug/territories',
      {
        config: { public: true },
        schema: {
          tags: ['platform'],
          summary: 'The territories of a local authority, as a GeoJSON FeatureCollection',
          params: Slug,
          querystring: Type.Object(
            { kind: Type.Optional(Type.Union(territoryKinds.map((k) => Type.Literal(k)))) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              type: Type.Literal('FeatureCollection'),
              features: Type.Array(
                Type.Object({
                  type: Type.Literal('Feature'),
                  id: Type.String(),
                  properties: Type.Object({
                    kind: Type.String(),
                    code: Type.String(),
                    name: Type.String(),
                    demo: Type.Boolean(),
                  }),
                  geometry: Type.Unknown(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const tenant = await requireTenant(deps.database.db, request.params.slug);
        const features = await withTenant(deps.database.db, tenant.id, (tx) => listTerritoryFeatures(tx, request.query.kind));
        return { type: 'FeatureCollection' as const, features };
      },
    );

    app.get(
      '/api/v1/t/:slug/map',
      {
        config: { public: true },
        schema: {
          tags: ['platform'],
          summary: 'Map settings: the tile server and the area to show',
          params: Slug,
          response: {
            200: Type.Object({
              tileUrl: Type.String({ description: 'XYZ template with {z}, {x}, {y}' }),
              attribution: Type.String(),
              bbox: Type.Union([Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]), Type.Null()], {
                description: '[west, south, east, north] in WGS 84',
              }),
            }),
          },
        },
      },
      async (request) => {
        const tenant = await requireTenant(deps.database.db, request.params.slug);
        const bbox = await withTenant(deps.database.db, tenant.id, territoriesBbox);
        return { tileUrl: deps.config.map.tileUrl, attribution: deps.config.map.attribution, bbox };
      },
    );
  };
