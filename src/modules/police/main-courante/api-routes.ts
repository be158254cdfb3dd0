import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { amendEntry } from './amend-entry.js';
import type { EntryInput } from './check-entry.js';
import { createEntry } from './create-entry.js';
import { editEntry } from './edit-entry.js';
import { listEntries, readFilter } from './entry-queries.js';
import { entryNumber } from './entry-writes.js';
import { readEntry } from './read-entry.js';
import { tellReporter } from './report-notice.js';
import { entryStatistics, statisticsForApi } from './statistics.js';
import { entryKinds, entrySources, followUps, personRoles } from './tables.js';
import { validateEntry } from './validate-entry.js';

const base = '/api/v1/t/:slug/police/main-courante';
const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Time = (description: string) => Type.String({ description: `${description} (ISO 8601 with offset)`, maxLength: 40 });

const EntryBody = {
  kind: literals(entryKinds),
  nature: Type.String({ maxLength: 60, description: 'A nature code of the starter list (natures.ts)' }),
  natinf_code: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  source: literals(entrySources),
  report_id: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
  called_at: Time('Call or start'),
  arrived_at: Type.Optional(Type.Union([Time('Arrival on the spot'), Type.Null()])),
  ended_at: Type.Optional(Type.Union([Time('End'), Type.Null()])),
  lat: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  lon: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  address: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
  agents: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20, description: 'Ids of police agents' }),
  vehicles: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })),
  findings: Type.Optional(Type.String({ maxLength: 8000 })),
  follow_up: Type.Optional(Type.Array(literals(followUps), { maxItems: 5 })),
  people: Type.Optional(
    Type.Array(
      Type.Object(
        {
          role: literals(personRoles),
          family_name: Type.Optional(Type.Union([Type.String({ maxLength: 120 }), Type.Null()])),
          given_name: Type.Optional(Type.Union([Type.String({ maxLength: 120 }), Type.Null()])),
          birth_year: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
          phone: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
        },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
  ),
};
const EntryBodySchema = Type.Object(EntryBody, { additionalProperties: false });
const AmendBodySchema = Type.Object(
  { ...EntryBody, reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
type Body = Record<string, unknown> & { people?: Record<string, unknown>[] };

/** The API's snake_case body as the operations' input. */
function entryInput(body: Body): EntryInput {
  return {
    kind: String(body.kind),
    nature: String(body.nature),
    natinfCode: body.natinf_code as number | null | undefined,
    source: String(body.source),
    reportId: body.report_id as string | null | undefined,
    calledAt: String(body.called_at),
    arrivedAt: body.arrived_at as string | null | undefined,
    endedAt: body.ended_at as string | null | undefined,
    lat: body.lat as number | null | undefined,
    lon: body.lon as number | null | undefined,
    address: body.address as string | null | undefined,
    agents: body.agents as string[],
    vehicles: body.vehicles as string[] | undefined,
    findings: body.findings as string | undefined,
    followUp: body.follow_up as string[] | undefined,
    people: (body.people ?? []).map((p) => ({
      role: String(p.role),
      familyName: p.family_name as string | null | undefined,
      givenName: p.given_name as string | null | undefined,
      birthYear: p.birth_year as number | null | undefined,
      phone: p.phone as string | null | undefined,
    })),
  };
}

function requireProgramme(request: FastifyRequest) {
  if (!request.tenant?.programmes.includes('police')) throw new AppError('not_found', 'No municipal police here');
}

const Id = Type.Object({ slug: Type.String(), id: Type.String() });
const Slug = Type.Object({ slug: Type.String() });
const iso = (at: Date | null) => (at ? new Date(at).toISOString() : null);
const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const ListItem = Type.Object({
  id: Type.String(),
  number: Type.String({ description: 'Year and number, e.g. 2026-000123' }),
  kind: Type.String(),
  nature: Type.String(),
  natinf_code: Type.Union([Type.Integer(), Type.Null()]),
  source: Type.String(),
  report_id: Nullable(Type.String()),
  called_at: Type.String(),
  arrived_at: Nullable(Type.String()),
  ended_at: Nullable(Type.String()),
  response_minutes: Type.Union([Type.Number(), Type.Null()]),
  validated: Type.Boolean(),
  territory: Nullable(Type.String()),
  lat: Type.Union([Type.Number(), Type.Null()]),
  lon: Type.Union([Type.Number(), Type.Null()]),
});
const N = (t: ReturnType<typeof Type.Integer | typeof Type.Number>) => Type.Union([t, Type.Null()]);
const EntryView = Type.Object({
  entry: Type.Object({
    ...ListItem.properties,
    findings: Type.String(),
    address: Nullable(Type.String()),
    vehicles: Type.Array(Type.String()),
    follow_up: Type.Array(Type.String()),
    natinf_label: Nullable(Type.String()),
    created_by: Type.String(),
    created_at: Type.String(),
    validated_by: Nullable(Type.String()),
    validated_at: Nullable(Type.String()),
  }),
  agents: Type.Array(
    Type.Object({ id: Type.String(), staff_number: Type.String(), family_name: Type.String(), given_name: Type.String() }),
  ),
  people: Type.Array(
    Type.Object({
      role: Type.String(),
      family_name: Nullable(Type.String()),
      given_name: Nullable(Type.String()),
      birth_year: N(Type.Integer()),
      phone: Nullable(Type.String()),
    }),
  ),
  amendments: Type.Array(
    Type.Object({
      at: Type.String(),
      actor: Type.String(),
      reason: Type.String(),
      fields: Type.Array(Type.String()),
      previous: Type.Unknown(),
      next: Type.Unknown(),
    }),
  ),
  consultations: Type.Optional(
    Type.Array(Type.Object({ at: Type.String(), actor: Type.String() }), { description: 'Supervisors (police.validate) only' }),
  ),
});
const Count = Type.Object({ key: Type.String(), count: Type.Union([Type.Integer(), Type.Null()]), suppressed: Type.Boolean() });

/** `/api/v1/t/{slug}/police/main-courante/…`: the intervention log for the police's own tools (bearer tokens). */
export const mainCouranteApi =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['police'];
    const security = [{ bearer: [] }];
    app.get(
      `${base}/entries`,
      {
        config: { permission: 'police.log' },
        schema: {
          tags,
          security,
          summary: 'Main courante entries, newest call first, with filters (no people, no findings)',
          params: Slug,
          querystring: Type.Object(
            {
              from: Type.Optional(Type.String({ description: 'First local day, YYYY-MM-DD' })),
              to: Type.Optional(Type.String({ description: 'Last local day, YYYY-MM-DD (included)' })),
              kind: Type.Optional(Type.String()),
              nature: Type.Optional(Type.String()),
              territory: Type.Optional(Type.String()),
              agent: Type.Optional(Type.String()),
              validated: Type.Optional(Type.String({ description: 'yes or no' })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
              offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ entries: Type.Array(ListItem), more: Type.Boolean() }) },
        },
      },
      async (request) => {
        requireProgramme(request);
        const tenant = request.tenant!;
        const { limit = 50, offset = 0, ...raw } = request.query;
        const filter = readFilter(raw, tenant.time_zone);
        const { rows, more } = await withTenant(deps.database.db, tenant.id, (tx) => listEntries(tx, filter, { limit, offset }));
        return {
          more,
          entries: rows.map((r) => ({
            id: r.id,
            number: entryNumber(r.year, r.number),
            kind: r.kind,
            nature: r.nature,
            natinf_code: r.natinf_code,
            source: r.source,
            report_id: r.report_id,
            called_at: iso(r.called_at) as string,
            arrived_at: iso(r.arrived_at),
            ended_at: iso(r.ended_at),
            response_minutes: r.arrived_at ? Math.round((+r.arrived_at - +r.called_at) / 60_000) : null,
            validated: r.validated_at !== null,
            territory: r.territory,
            lat: r.lat,
            lon: r.lon,
          })),
        };
      },
    );

    app.post(
      `${base}/entries`,
      {
        config: { permission: 'police.log' },
        schema: {
          tags,
          security,
          summary: 'Log an intervention (numbered per year); one that answers a report moves it to in progress',
          params: Slug,
          body: EntryBodySchema,
          response: { 201: Type.Object({ id: Type.String(), number: Type.String() }) },
        },
      },
      async (request, reply) => {
        requireProgramme(request);
        const { reportChange, ...created } = await createEntry(requestContext(deps, request), entryInput(request.body as Body));
        await tellReporter(deps, request, reportChange);
        return reply.status(201).send(created);
      },
    );

    app.get(
      `${base}/entries/:id`,
      {
        config: { permission: 'police.log' },
        schema: {
          tags,
          security,
          summary: 'One entry with its agents, people involved by role and amendments; the consultation is logged',
          params: Id,
          response: { 200: EntryView },
        },
      },
      async (request) => {
        requireProgramme(request);
        const {
          entry: e,
          agents,
          people,
          amendments,
          consultations,
        } = await readEntry(requestContext(deps, request), {
          id: request.params.id,
        });
        return {
          entry: {
            id: e.id,
            number: e.label,
            kind: e.kind,
            nature: e.nature,
            natinf_code: e.natinf_code,
            natinf_label: e.natinf_label,
            source: e.source,
            report_id: e.report_id,
            called_at: iso(e.called_at) as string,
            arrived_at: iso(e.arrived_at),
            ended_at: iso(e.ended_at),
            response_minutes: e.arrived_at ? Math.round((+e.arrived_at - +e.called_at) / 60_000) : null,
            validated: e.validated_at !== null,
            territory: e.territory,
            lat: e.lat,
            lon: e.lon,
            findings: e.findings,
            address: e.address,
            vehicles: e.vehicles,
            follow_up: e.follow_up,
            created_by: e.created_by,
            created_at: iso(e.created_at) as string,
            validated_by: e.validated_by,
            validated_at: iso(e.validated_at),
          },
          agents,
          people: people.map(({ id: _id, ...p }) => p),
          amendments: amendments.map((a) => ({ ...a, at: iso(a.at) as string })),
          ...(consultations
            ? { consultations: consultations.map((c) => ({ at: iso(new Date(c.at)) as string, actor: c.actor })) }
            : {}),
        };
      },
    );

    app.put(
      `${base}/entries/:id`,
      {
        config: { permission: 'police.log' },
        schema: {
          tags,
          security,
          summary: 'Change an entry before its validation (409 once validated: amend it)',
          params: Id,
          body: EntryBodySchema,
          response: { 200: Type.Object({ id: Type.String() }) },
        },
      },
      async (request) => {
        requireProgramme(request);
        return editEntry(requestContext(deps, request), { ...entryInput(request.body as Body), id: request.params.id });
      },
    );

    app.post(
      `${base}/entries/:id/validation`,
      {
        config: { permission: 'police.validate' },
        schema: {
          tags,
          security,
          summary: 'Validate (lock) an ended entry; an answered report with findings becomes resolved',
          params: Id,
          response: { 200: Type.Object({ id: Type.String(), reportResolved: Type.Boolean() }) },
        },
      },
      async (request) => {
        requireProgramme(request);
        const { reportChange, ...validated } = await validateEntry(requestContext(deps, request), { id: request.params.id });
        await tellReporter(deps, request, reportChange);
        return validated;
      },
    );

    app.post(
      `${base}/entries/:id/amendments`,
      {
        config: { permission: 'police.log' },
        schema: {
          tags,
          security,
          summary: 'Amend a validated entry: the whole entry as it should read, and why; previous values are kept',
          params: Id,
          body: AmendBodySchema,
          response: { 201: Type.Object({ id: Type.String(), fields: Type.Array(Type.String()) }) },
        },
      },
      async (request, reply) => {
        requireProgramme(request);
        const body = request.body as Body;
        const amended = await amendEntry(requestContext(deps, request), {
          ...entryInput(body),
          id: request.params.id,
          reason: String(body.reason),
        });
        return reply.status(201).send(amended);
      },
    );

    app.get(
      `${base}/statistics`,
      {
        config: { permission: 'police.figures' },
        schema: {
          tags,
          security,
          summary: 'Counts by nature, territory, hour and weekday, and the median response time (small counts hidden)',
          params: Slug,
          querystring: Type.Object(
            {
              from: Type.Optional(Type.String()),
              to: Type.Optional(Type.String()),
              kind: Type.Optional(Type.String()),
              nature: Type.Optional(Type.String()),
              territory: Type.Optional(Type.String()),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              k: Type.Integer(),
              protected: Type.Boolean({ description: 'Counts under k hidden (outside police roles)' }),
              total: Count,
              by_nature: Type.Array(Count),
              by_territory: Type.Array(Count),
              by_hour: Type.Array(Count),
              by_weekday: Type.Array(Count),
              median_response_minutes: Type.Union([Type.Number(), Type.Null()]),
            }),
          },
        },
      },
      async (request) => {
        requireProgramme(request);
        const tenant = request.tenant!;
        const stats = await entryStatistics(deps, tenant, request.actor, readFilter(request.query, tenant.time_zone));
        return statisticsForApi(stats);
      },
    );
  };
