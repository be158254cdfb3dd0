import { type FastifyPluginAsyncTypebox, type Static, Type } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../deps.js';
import { listTenants, type Tenant } from './tenant-queries.js';

export const PublicTenant = Type.Object(
  {
    slug: Type.String(),
    name: Type.String(),
    kind: Type.String({ description: 'commune, epci, gip, aom or departement' }),
    inseeCode: Type.Union([Type.String(), Type.Null()], { description: 'INSEE code of a commune' }),
    siren: Type.Union([Type.String(), Type.Null()]),
    population: Type.Union([Type.Integer(), Type.Null()]),
    timeZone: Type.String(),
    programmes: Type.Array(Type.String()),
    demo: Type.Boolean(),
  },
  { $id: 'PublicTenant' },
);

export const publicTenant = (t: Tenant): Static<typeof PublicTenant> => ({
  slug: t.slug,
  name: t.name,
  kind: t.kind,
  inseeCode: t.insee_code,
  siren: t.siren,
  population: t.population,
  timeZone: t.time_zone,
  programmes: t.programmes,
  demo: t.is_demo,
});

export const tenantRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/v1/tenants',
      {
        config: { public: true },
        schema: {
          tags: ['platform'],
          summary: 'Public facts about the local authorities on this instance',
          response: { 200: Type.Object({ tenants: Type.Array(PublicTenant) }) },
        },
      },
      async () => ({ tenants: (await listTenants(deps.database.db)).map(publicTenant) }),
    );
  };
