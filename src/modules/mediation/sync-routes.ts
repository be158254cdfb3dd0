import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { localInstant, mediationBase, pageMediationContext } from './pages-common.js';
import { recordEncounter } from './record-encounter.js';
import { endRound, recordRound } from './record-round.js';

// The field page's offline side: its script keeps entries on the device and sends them here one at a time,
// with the session cookie and a CSRF token in a header (`jeton` gives a fresh one: a page served from the
// service worker's cache may carry a stale token). API writes stay bearer-only; this is a page route.

const fields = {
  'round-start': ['kind', 'id', 'teamId', 'sectorId', 'date', 'startedAt'],
  'round-end': ['kind', 'id', 'date', 'endedAt'],
  encounter: [
    'kind',
    'id',
    'date',
    'occurredAt',
    'roundId',
    'teamId',
    'peopleCount',
    'people',
    'themes',
    'activity',
    'actions',
    'faireAvec',
    'lat',
    'lon',
  ],
} as const;
type Kind = keyof typeof fields;

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const texts = (value: unknown) => (Array.isArray(value) ? value.map(text) : []);
const optionalText = (value: unknown) => (value === undefined || value === '' ? undefined : text(value));
/** A number, or NaN so that the operation names the field. */
const num = (value: unknown) => (typeof value === 'number' ? value : Number.NaN);
const optionalNum = (value: unknown) => (value === undefined || value === null ? undefined : num(value));

/** The entry as JSON: an object of a known kind with only that kind's fields (the operations check the values). */
function parseEntry(body: unknown): { kind: Kind; entry: Record<string, unknown> } {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new AppError('invalid_input', 'body: must be a JSON object', [
      { field: 'body', message: 'must be a JSON object', fr: 'entrée illisible' },
    ]);
  const entry = body as Record<string, unknown>;
  const kind = entry.kind as Kind;
  if (!Object.hasOwn(fields, kind))
    throw new AppError('invalid_input', 'kind: must be round-start, round-end or encounter', [
      { field: 'kind', message: 'must be round-start, round-end or encounter', fr: 'type d’entrée inconnu' },
    ]);
  const allowed: readonly string[] = fields[kind];
  const unknown = Object.keys(entry).filter((key) => !allowed.includes(key));
  if (unknown.length)
    throw new AppError(
      'invalid_input',
      unknown.map((key) => `${key}: is not an accepted field`).join('; '),
      unknown.map((key) => ({ field: key, message: 'is not an accepted field', fr: 'champ non accepté' })),
    );
  return { kind, entry };
}

const swSource = readFileSync(new URL('../../platform/pages/static/mediation-sw.js', import.meta.url));

export function registerFieldSync(app: FastifyInstance, deps: AppDeps) {
  const page = (slug: string) => `${mediationBase(slug)}/terrain`;
  const scriptRoute = { config: { permission: 'mediation.field', jsonErrors: true }, schema: { hide: true } } as const;

  app.get<{ Params: { slug: string } }>(`${page(':slug')}/jeton`, scriptRoute, async (request, reply) => {
    pageMediationContext(deps, request);
    return reply.header('Cache-Control', 'no-store').send({ token: request.csrf() });
  });

  app.post<{ Params: { slug: string } }>(`${page(':slug')}/sync`, scriptRoute, async (request, reply) => {
    const ctx = pageMediationContext(deps, request);
    const tz = ctx.tenant.time_zone;
    const { kind, entry } = parseEntry(request.body);
    const id = text(entry.id);
    const date = text(entry.date);
    const done = (created: boolean) =>
      reply
        .status(created ? 201 : 200)
        .header('Cache-Control', 'no-store')
        .send({ id, status: created ? 'recorded' : 'already-recorded' });
    if (kind === 'round-start') {
      const { created } = await recordRound(ctx, {
        id,
        teamId: text(entry.teamId),
        sectorId: text(entry.sectorId),
        date,
        startedAt: localInstant(date, text(entry.startedAt), tz),
      });
      return done(created);
    }
    if (kind === 'round-end') {
      const { changed } = await endRound(ctx, { id, endedAt: localInstant(date, text(entry.endedAt), tz) });
      return done(changed);
    }
    const roundId = optionalText(entry.roundId);
    const people = Array.isArray(entry.people)
      ? entry.people.map((p: { ageBand?: unknown; gender?: unknown } | null) => ({
          ageBand: optionalText(p?.ageBand),
          gender: optionalText(p?.gender),
        }))
      : undefined;
    const { created } = await recordEncounter(ctx, {
      id,
      ...(roundId ? { roundId } : { teamId: text(entry.teamId), onAppointment: true }),
      occurredAt: localInstant(date, text(entry.occurredAt), tz),
      peopleCount: num(entry.peopleCount),
      ...(people?.length ? { people } : {}),
      themes: texts(entry.themes),
      activity: text(entry.activity),
      actions: texts(entry.actions),
      faireAvec: entry.faireAvec === true,
      lat: optionalNum(entry.lat),
      lon: optionalNum(entry.lon),
    });
    return done(created);
  });

  // The service worker lives under the mediation pages, so its default scope is exactly them (per tenant):
  // no Service-Worker-Allowed header, and it never sees another module's or another tenant's pages.
  app.get<{ Params: { slug: string } }>(
    `${mediationBase(':slug')}/sw.js`,
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      await requireTenant(deps.database.db, request.params.slug);
      return reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'no-cache').send(swSource);
    },
  );

  app.get<{ Params: { slug: string } }>(
    `${mediationBase(':slug')}/manifest.webmanifest`,
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await requireTenant(deps.database.db, request.params.slug);
      return reply
        .type('application/manifest+json; charset=utf-8')
        .header('Cache-Control', 'public, max-age=3600')
        .send({
          name: `Médiation terrain — ${tenant.name}`,
          short_name: 'Médiation',
          lang: 'fr',
          start_url: page(tenant.slug),
          scope: `${mediationBase(tenant.slug)}/`,
          display: 'standalone',
          background_color: '#ffffff',
          theme_color: '#1d3557',
        });
    },
  );
}
