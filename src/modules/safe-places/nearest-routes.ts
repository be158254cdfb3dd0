import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { readNearestInput } from './nearest-input.js';
import type { IndexedPlace, NearestAnswer, SafePlaceIndex } from './place-index.js';

const JSON_TYPE = 'application/json; charset=utf-8';

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
/** The answer's schema: it documents the route (OpenAPI); `answerJson` writes exactly these fields. */
export const NearestAnswerSchema = Type.Object({
  open: Type.Array(OpenPlace),
  opening_soon: Type.Array(SoonPlace),
  message: Type.Optional(Type.String()),
});

const messages: Record<NonNullable<NearestAnswer['message']>, string> = {
  'none-open-nearby': 'No safe place is open within 1 km. In danger, call 17 or 112. Places opening soonest are listed.',
  'outside-network': 'This point is outside the safe-places network of this local authority. In danger, call 17 or 112.',
};

/**
 * The fixed fields of a place (id to phone) as JSON members, written once per place of the index: the
 * index makes new place objects when it is rebuilt (after an edit), so an edited place is written anew.
 */
const fixedMembers = new WeakMap<IndexedPlace, string>();
function placeMembers(place: IndexedPlace): string {
  let members = fixedMembers.get(place);
  if (members === undefined) {
    const { id, name, kind, address, lat, lon, phone } = place;
    members = JSON.stringify({ id, name, kind, address, lat, lon, phone }).slice(1, -1);
    fixedMembers.set(place, members);
  }
  return members;
}

const messageJson = Object.fromEntries(
  Object.entries(messages).map(([key, text]) => [key, `,"message":${JSON.stringify(text)}`]),
) as Record<keyof typeof messages, string>;

/**
 * The answer as JSON text, fields in the schema's order. The finder is the hot public path: assembling
 * it from each place's members written once is several times cheaper than serialising objects with the
 * schema, and writes nothing the schema does not name (a test checks the answers against the schema).
 * Member strings are kept (not bytes): the answer is then one string that Node encodes once as it writes.
 */
export function answerJson(found: NearestAnswer): string {
  let out = '{"open":[';
  for (let i = 0; i < found.open.length; i++) {
    const { place, distanceM, openUntil } = found.open[i]!;
    out += `${i === 0 ? '{' : ',{'}${placeMembers(place)},"distance_m":${distanceM},"open_until":${openUntil === undefined ? 'null' : `"${openUntil}"`}}`;
  }
  out += '],"opening_soon":[';
  for (let i = 0; i < found.openingSoon.length; i++) {
    const { place, distanceM, opensAt } = found.openingSoon[i]!;
    out += `${i === 0 ? '{' : ',{'}${placeMembers(place)},"distance_m":${distanceM},"opens_at":"${opensAt ?? ''}"}`;
  }
  out += ']';
  if (found.message) out += messageJson[found.message];
  return `${out}}`;
}

/** The question, in the query string (GET) or a JSON body (POST); `readNearestInput` reads either. */
export const NearestQuerystring = Type.Object(
  {
    lat: Type.Optional(Type.String()),
    lon: Type.Optional(Type.String()),
    at: Type.Optional(Type.String()),
    limit: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export const NearestBody = Type.Object(
  {
    lat: Type.Number(),
    lon: Type.Number(),
    at: Type.Optional(Type.String({ description: 'ISO 8601; default now' })),
    limit: Type.Optional(Type.Integer({ description: '1 to 50, default 10' })),
  },
  { additionalProperties: false },
);

/** « Nearest place open now », for apps and for the page's own script. */
export function registerNearestRoutes(app: FastifyInstance, deps: AppDeps, index: SafePlaceIndex) {
  const answer = async (slug: string, raw: Record<string, unknown>, reply: FastifyReply) => {
    const tenant = await requireTenant(deps.database.db, slug);
    await index.ensureLoaded();
    const found = index.nearest(tenant.id, readNearestInput(raw, deps.clock.now()));
    // JSON text with a JSON content type is sent as it is (see answerJson).
    return reply.header('content-type', JSON_TYPE).send(answerJson(found));
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
        querystring: NearestQuerystring,
        response: { 200: NearestAnswerSchema },
      },
    },
    (request, reply) => answer(request.params.slug, request.query, reply),
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
        body: NearestBody,
        response: { 200: NearestAnswerSchema },
      },
    },
    (request, reply) => answer(request.params.slug, request.body, reply),
  );
}
