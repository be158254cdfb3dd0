import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError } from '../../../platform/errors.js';
import { requireTenant } from '../../../platform/tenants/tenant-queries.js';
import { answerApplicable, NOTICE, orderJson, readApplicableQuestion } from './applicable.js';
import type { OrderIndex } from './order-index.js';
import { orderProhibitions } from './tables.js';

const OrderSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  title: Type.String(),
  author: Type.Union([Type.Literal('mayor'), Type.Literal('prefect')], { description: 'A prefectoral order applies on top' }),
  subject: Type.String(),
  prohibitions: Type.Array(Type.Union(orderProhibitions.map((p) => Type.Literal(p)))),
  hours: Type.String({
    description: 'OpenStreetMap opening_hours syntax: "18:00-08:00" (across midnight), "Fr,Sa 20:00-06:00", "24/7"',
  }),
  valid_until: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  summary: Type.Object({ fr: Type.String(), en: Type.String() }),
  pdf_url: Type.Union([Type.String(), Type.Null()], { description: 'The published text, which alone is authoritative' }),
});

export const ApplicableAnswerSchema = Type.Object({
  prohibited: Type.Boolean(),
  orders: Type.Array(OrderSchema),
  notice: Type.String({ description: 'Always « Seul le texte publié fait foi » (and in English)' }),
});

/** `POST /api/v1/t/{slug}/prevention/orders/applicable`: is it prohibited here, at this moment? */
export function registerApplicableRoute(app: FastifyInstance, deps: AppDeps, index: OrderIndex) {
  app.post<{ Params: { slug: string }; Body: Record<string, unknown> }>(
    '/api/v1/t/:slug/prevention/orders/applicable',
    {
      config: { public: true },
      schema: {
        tags: ['prevention'],
        summary: 'Municipal and prefectoral orders applying at a point and moment',
        description:
          'Published orders (mayor’s and prefect’s) whose perimeter holds the point and whose validity, days and hours ' +
          'hold the moment, in the local authority’s time zone (hours may run across midnight; a perimeter is indicative). ' +
          'The location travels in the body; nothing about the asker is stored. Only the published text is authoritative.',
        params: Type.Object({ slug: Type.String() }),
        body: Type.Object(
          {
            lat: Type.Number({ minimum: -90, maximum: 90 }),
            lon: Type.Number({ minimum: -180, maximum: 180 }),
            at: Type.Optional(Type.String({ description: 'ISO 8601 with offset; default now' })),
            order_id: Type.Optional(Type.String({ description: 'Ask about this published order only' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ApplicableAnswerSchema },
      },
    },
    async (request) => {
      const tenant = await requireTenant(deps.database.db, request.params.slug);
      if (!tenant.programmes.includes('prevention')) throw new AppError('not_found', 'No prevention programme here');
      const question = readApplicableQuestion(request.body, deps.clock.now());
      const answer = await answerApplicable(index, tenant, question);
      return {
        prohibited: answer.prohibited,
        orders: answer.orders.map((o) => orderJson(o, tenant.slug, deps.config.publicUrl)),
        notice: NOTICE,
      };
    },
  );
}
