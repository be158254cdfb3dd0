import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../deps.js';

const AuditEvent = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  fields: Type.Array(Type.String(), { description: 'Names of the fields changed or read, never their values' }),
});

/** The tenant's audit log, newest first, for auditors' tools. */
export const auditRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/v1/t/:slug/audit',
      {
        config: { permission: 'platform.audit-read' },
        schema: {
          tags: ['platform'],
          summary: 'Audit events of the local authority, newest first',
          security: [{ bearer: [] }],
          params: Type.Object({ slug: Type.String() }),
          querystring: Type.Object(
            {
              before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'Only events with a smaller seq' })),
              limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: '1 to 500, default 100' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ events: Type.Array(AuditEvent) }) },
        },
      },
      async (request) => {
        const limit = Math.min(Math.max(Number(request.query.limit ?? 100), 1), 500);
        const tenant = request.tenant!;
        const rows = await withTenant(deps.database.db, tenant.id, (tx) => {
          let query = tx.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(limit);
          if (request.query.before) query = query.where('seq', '<', Number(request.query.before));
          return query.execute();
        });
        return {
          events: rows.map((e) => ({
            seq: Number(e.seq),
            at: new Date(e.at).toISOString(),
            actor: e.actor,
            action: e.action,
            entityType: e.entity_type,
            entityId: e.entity_id,
            fields: e.fields,
          })),
        };
      },
    );
  };
