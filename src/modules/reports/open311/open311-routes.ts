import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError } from '../../../platform/errors.js';
import { findCategory, listCategories } from '../category-queries.js';
import { discoveryOf, requestOf } from './documents.js';
import { resolveJurisdiction } from './jurisdiction.js';
import { readForm } from './parse-request-form.js';
import { parseRequestQuery } from './parse-request-query.js';
import { postServiceRequest } from './post-service-request.js';
import { isReportId, listPublicRequests } from './request-queries.js';
import { type Format, send, splitFormat } from './serialize.js';
import { serviceDefinitionOf, serviceOf } from './services.js';

const formats: Format[] = ['json', 'xml'];
const text = Type.Optional(Type.String());
/** Every GET names its jurisdiction; other parameters pass (clients add their own, e.g. a cache buster). */
const jurisdictionQuery = Type.Object({ jurisdiction_id: text }, { additionalProperties: true });
const requestsQuery = Type.Object(
  { jurisdiction_id: text, service_request_id: text, service_code: text, start_date: text, end_date: text, status: text },
  { additionalProperties: true },
);
// Open311 has its own specification (the GeoReport wiki): these routes stay out of the platform's OpenAPI.
const open = { config: { public: true }, schema: { hide: true } } as const;

type Query = { jurisdiction_id?: string };

/** Open311 GeoReport v2 at /open311/v2, JSON and XML: thin adapters over the functions beside this file. */
export function registerOpen311(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const categories = async (jurisdictionId: string | undefined) => {
    const tenant = await resolveJurisdiction(db, jurisdictionId);
    return { tenant, list: await withTenant(db, tenant.id, (tx) => listCategories(tx, { publicOnly: true })) };
  };

  for (const format of formats) {
    app.get<{ Querystring: Query }>(
      `/open311/v2/discovery.${format}`,
      { ...open, schema: { ...open.schema, querystring: jurisdictionQuery } },
      async (request, reply) => {
        const tenant = await resolveJurisdiction(db, request.query.jurisdiction_id);
        return send(reply, format, 'discovery', discoveryOf(tenant, deps.config.publicUrl));
      },
    );

    app.get<{ Querystring: Query }>(
      `/open311/v2/services.${format}`,
      { ...open, schema: { ...open.schema, querystring: jurisdictionQuery } },
      async (request, reply) => {
        const { list } = await categories(request.query.jurisdiction_id);
        return send(reply, format, 'services', list.map(serviceOf));
      },
    );

    app.get<{ Querystring: Record<string, string | undefined> }>(
      `/open311/v2/requests.${format}`,
      { ...open, schema: { ...open.schema, querystring: requestsQuery } },
      async (request, reply) => {
        const tenant = await resolveJurisdiction(db, request.query.jurisdiction_id);
        const filter = parseRequestQuery(request.query, deps.clock.now());
        const rows = await withTenant(db, tenant.id, (tx) => listPublicRequests(tx, filter));
        return send(
          reply,
          format,
          'service_requests',
          rows.map((r) => requestOf(r, tenant)),
        );
      },
    );

    app.post(`/open311/v2/requests.${format}`, open, async (request, reply) => {
      try {
        const created = await postServiceRequest(deps, readForm(request.body));
        return send(reply, format, 'service_requests', [created]);
      } catch (error) {
        retryAfter(reply, error);
        throw error;
      }
    });
  }

  app.get<{ Params: { file: string }; Querystring: Query }>(
    '/open311/v2/services/:file',
    { ...open, schema: { ...open.schema, querystring: jurisdictionQuery } },
    async (request, reply) => {
      const { name, format } = splitFormat(request.params.file);
      const tenant = await resolveJurisdiction(db, request.query.jurisdiction_id);
      // A private category may be posted to, but is never described: it reads as unknown.
      const category = await withTenant(db, tenant.id, (tx) => findCategory(tx, name, { publicOnly: true }));
      if (!category) throw new AppError('not_found', `No service ${name}`);
      return send(reply, format, 'service_definition', serviceDefinitionOf(category));
    },
  );

  app.get<{ Params: { file: string }; Querystring: Query }>(
    '/open311/v2/requests/:file',
    { ...open, schema: { ...open.schema, querystring: jurisdictionQuery } },
    async (request, reply) => {
      const { name, format } = splitFormat(request.params.file);
      const tenant = await resolveJurisdiction(db, request.query.jurisdiction_id);
      if (!isReportId(name)) throw new AppError('not_found', 'No such service request');
      const rows = await withTenant(db, tenant.id, (tx) =>
        listPublicRequests(tx, { ids: [name], start: new Date(0), end: new Date(0), limit: 1 }),
      );
      if (rows.length === 0) throw new AppError('not_found', 'No such service request');
      return send(
        reply,
        format,
        'service_requests',
        rows.map((r) => requestOf(r, tenant)),
      );
    },
  );

  app.get<{ Params: { file: string } }>('/open311/v2/tokens/:file', open, async (request) => {
    splitFormat(request.params.file);
    throw new AppError('not_found', 'This server issues no tokens: POST requests answers with the service_request_id at once');
  });
}

function retryAfter(reply: FastifyReply, error: unknown) {
  const seconds = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
  if (seconds) reply.header('retry-after', String(seconds));
}
