import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { readNearestInput } from './nearest-input.js';
import type { NearestAnswer, NearestPlace, SafePlaceIndex } from './place-index.js';

const placeFields = {
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  address: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  phone: Type.Union([Type.String(), Type.Null()]),
  distance_m: Type.Integer({ description: 'Straight-line distance (« à vol d’oiseau »), in metres' }),
};
const OpenPlace = Type.Object({
  ...placeFields,
  open_until: Type.Union([Type.String(), Type.Null()], {
    description: 'Closing time, local wall clock HH:MM (null: open round the clock)',
  }),
});
const SoonPlace = Type.Object({ ...placeFields, opens_at: Type.String({ description: 'Opening time, local wall clock' }) });
const Answer = Type.Object({
  open: Type.Array(OpenPlace),
  opening_soon: Type.Array(SoonPlace),
  message: Type.Optional(Type.String()),
});

const messages: Record<NonNullable<NearestAnswer['message']>, string> = {
  'none-open-nearby': 'No safe place is open within 1 km. In danger, call 17 or 112. Places opening soonest are listed.',
  'outside-network': 'This point is outside the safe-places network of this local authority. In danger, call 17 or 112.',
};

const placeJson = ({ place, distanceM }: NearestPlace) => ({
  id: place.id,
  name: place.name,
  kind: place.kind,
  address: place.address,
  lat: place.lat,
  lon: place.lon,
  phone: place.phone,
  distance_m: distanceM,
});

/** « Nearest place open now », for apps and for the page's own script. */
export function registerNearestRoutes(app: FastifyInstance, deps: AppDeps, index: SafePlaceIndex) {
  const answer = async (slug: string, raw: Record<string, unknown>) => {
    const tenant = await requireTenant(deps.database.db, slug);
    await index.ensureLoaded();
    const found = index.nearest(tenant.id, readNearestInput(raw, deps.clock.now()));
    return {
      open: found.open.map((n) => ({ ...placeJson(n), open_until: n.openUntil ?? null })),
      opening_soon: found.openingSoon.map((n) => ({ ...placeJson(n), opens_at: n.opensAt ?? '' })),
      ...(found.message ? { message: messages[found.message] } : {}),
    };
  };
  const description = 'Open places nearest first (then by name); when none is open within 1 km, also those opening soonest.';

  app.get<{ Params: { slug: string }; Querystring: Record<string, string> }>(
    '/api/v1/t/:slug/safe-places/nearest',
    {
      config: { public: true },
      schema: {
        tags: ['safe-places'],
        summary: 'Nearest safe places open now',
        description: `${description} Prefer POST: a location in a URL can end up in logs and histories.`,
        params: Type.Object({ slug: Type.String() }),
        querystring: Type.Object(
          {
            lat: Type.Optional(Type.String()),
            lon: Type.Optional(Type.String()),
            at: Type.Optional(Type.String()),
            limit: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Answer },
      },
    },
    (request) => answer(request.params.slug, request.query),
  );

  app.post<{ Params: { slug: string }; Body: Record<string, unknown> }>(
    '/api/v1/t/:slug/safe-places/nearest',
    {
      config: { public: true },
      schema: {
        tags: ['safe-places'],
        summary: 'Nearest safe places open now (location in the body)',
        description,
        params: Type.Object({ slug: Type.String() }),
        body: Type.Object(
          {
            lat: Type.Number(),
            lon: Type.Number(),
            at: Type.Optional(Type.String({ description: 'ISO 8601; default now' })),
            limit: Type.Optional(Type.Integer({ description: '1 to 50, default 10' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Answer },
      },
    },
    (request) => answer(request.params.slug, request.body),
  );
}
