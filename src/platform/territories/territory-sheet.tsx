import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { withTenant } from '../../db/tenant-transaction.js';
import { requireInScope } from '../access/actor.js';
import type { AppDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { Layout } from '../pages/layout.js';
import { pageContext, sendPage } from '../pages/render.js';

type Params = { slug: string; id: string };
const read = { permission: 'platform.territories-read' } as const;

/**
 * One territory as staff see it: on a page, through the API and as a GeoJSON
 * download. Staff scoped to some territories reach only those; any other reads
 * as not found, whatever the door.
 */
export function registerTerritorySheet(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  async function territory(request: FastifyRequest<{ Params: Params }>) {
    const id = request.params.id;
    requireInScope(request.actor, 'platform.territories-read', { territoryId: id }, 'Territory');
    const row = await withTenant(db, request.tenant!.id, (tx) =>
      tx
        .selectFrom('territories')
        .select([
          'id',
          'kind',
          'code',
          'name',
          'is_demo',
          sql<string>`ST_AsGeoJSON(geom, 6)`.as('geojson'),
          sql<number>`ST_Area(geom::geography) / 1e6`.as('area_km2'),
        ])
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    if (!row) throw notFound('Territory');
    return row;
  }
  const feature = (row: Awaited<ReturnType<typeof territory>>) => ({
    type: 'Feature' as const,
    id: row.id,
    properties: {
      kind: row.kind,
      code: row.code,
      name: row.name,
      demo: row.is_demo,
      areaKm2: Math.round(row.area_km2 * 100) / 100,
    },
    geometry: JSON.parse(row.geojson) as unknown,
  });

  app.get<{ Params: Params }>(
    '/t/:slug/espace/territoires/:id',
    { config: read, schema: { hide: true } },
    async (request, reply) => {
      const row = await territory(request);
      const page = pageContext(request);
      const { t, lang } = page;
      const area = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 }).format(row.area_km2);
      return sendPage(
        reply,
        <Layout page={page} title={row.name} homeHref={`/t/${request.tenant!.slug}/espace/`}>
          <h1>{row.name}</h1>
          <dl>
            <dt>{t('territory.kind')}</dt>
            <dd>{row.kind}</dd>
            <dt>{t('territory.code')}</dt>
            <dd>{row.code}</dd>
            <dt>{t('territory.area')}</dt>
            <dd>{area} km²</dd>
          </dl>
          <p>
            <a href={`/t/${request.tenant!.slug}/espace/territoires/${row.id}/export`} download>
              {t('territory.export')}
            </a>
          </p>
        </Layout>,
        { sensitive: true },
      );
    },
  );

  app.get<{ Params: Params }>(
    '/t/:slug/espace/territoires/:id/export',
    { config: read, schema: { hide: true } },
    async (request, reply) => {
      const row = await territory(request);
      return reply
        .header('Content-Disposition', `attachment; filename="territoire-${row.code.replace(/[^A-Za-z0-9_-]/g, '_')}.geojson"`)
        .type('application/geo+json')
        .send(JSON.stringify(feature(row)));
    },
  );

  app.get<{ Params: Params }>(
    '/api/v1/t/:slug/staff/territories/:id',
    {
      config: read,
      schema: {
        tags: ['platform'],
        summary: 'One territory with its area, within the caller’s scope',
        security: [{ bearer: [] }],
        params: Type.Object({ slug: Type.String(), id: Type.String() }),
        response: {
          200: Type.Object({
            type: Type.Literal('Feature'),
            id: Type.String(),
            properties: Type.Object({
              kind: Type.String(),
              code: Type.String(),
              name: Type.String(),
              demo: Type.Boolean(),
              areaKm2: Type.Number(),
            }),
            geometry: Type.Unknown(),
          }),
        },
      },
    },
    async (request) => feature(await territory(request)),
  );
}
