import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../deps.js';
import { requireTenant } from '../tenants/tenant-queries.js';

const Place = Type.Object({
  label: Type.String(),
  postcode: Type.String(),
  city: Type.String(),
  inseeCode: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
});

/** Address search for public forms. POST, so that the typed address stays out of URLs and logs. */
export const geocodingRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/v1/t/:slug/geocode',
      {
        config: { public: true },
        schema: {
          tags: ['platform'],
          summary: 'Find addresses matching a typed text, within the local authority',
          params: Type.Object({ slug: Type.String() }),
          body: Type.Object(
            {
              q: Type.String({ minLength: 3, maxLength: 200, description: 'The typed address' }),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ places: Type.Array(Place) }) },
        },
      },
      async (request) => {
        const tenant = await requireTenant(deps.database.db, request.params.slug);
        return { places: await deps.geocoder.search(tenant, request.body.q, request.body.limit ?? 5) };
      },
    );
  };
