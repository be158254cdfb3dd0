import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { checkPoint } from './check-point.js';

const StopRef = Type.Object({ stop_id: Type.String(), name: Type.String() });
const Between = Type.Object({ from_stop: StopRef, to_stop: StopRef });
const Point = { lat: Type.Number(), lon: Type.Number() };

/** The answer's schema (it also filters: nothing else leaves). */
const CheckAnswerSchema = Type.Object({
  allowed: Type.Boolean(),
  reason: Type.Optional(
    Type.Union(
      ['outside_route', 'section_not_allowed', 'too_early', 'not_at_this_time', 'forbidden_zone', 'too_close_to_stop'].map((r) =>
        Type.Literal(r),
      ),
    ),
  ),
  zone: Type.Optional(Type.Object({ name: Type.String(), reason: Type.String() })),
  snapped: Type.Object(Point),
  offset_m: Type.Integer({ description: 'Metres from the asked point to the line' }),
  between: Type.Optional(Between),
  from_time: Type.Optional(Type.String({ description: 'Local HH:MM from which drop-off is allowed here tonight' })),
  nearest_allowed: Type.Optional(Type.Object({ ...Point, between: Between, from_time: Type.String() })),
  instructions: Type.Object({ fr: Type.String(), en: Type.String() }),
});

/** `POST /api/v1/t/{slug}/night-stops/check`: may a rider get off here, on this line, at this time? */
export function registerNightStopCheck(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  app.post<{ Params: { slug: string }; Body: Record<string, unknown> }>(
    '/api/v1/t/:slug/night-stops/check',
    {
      config: { public: true },
      schema: {
        tags: ['night-stops'],
        summary: 'Whether a rider may ask to get off between two stops here tonight',
        description:
          'The point is snapped onto the line (its longest trip in that direction) and checked against the transport ' +
          'authority’s sections, hours, forbidden zones and distance from stops. Nothing about the asker is stored; the ' +
          'location travels in the body. The driver still decides on the spot.',
        params: Type.Object({ slug: Type.String() }),
        body: Type.Object(
          {
            route_id: Type.String({ minLength: 1, maxLength: 100 }),
            direction_id: Type.Integer({ minimum: 0, maximum: 1 }),
            lat: Type.Number({ minimum: -90, maximum: 90 }),
            lon: Type.Number({ minimum: -180, maximum: 180 }),
            at: Type.Optional(Type.String({ description: 'ISO 8601; default now' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: CheckAnswerSchema },
      },
    },
    async (request) => {
      const tenant = await requireTenant(db, request.params.slug);
      if (!tenant.programmes.includes('night-stops')) throw new AppError('not_found', 'No night network here');
      return checkPoint(db, tenant, request.body, deps.clock.now());
    },
  );
}
