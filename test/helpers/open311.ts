import { XMLParser } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database.js';
import type { DB } from '../../src/db/schema.js';
import { actAsTenant, withTenant } from '../../src/db/tenant-transaction.js';
import { createApiToken } from '../../src/platform/accounts/api-tokens.js';
import { requireTenant, type Tenant } from '../../src/platform/tenants/tenant-queries.js';
import { seedDemoWithoutReports } from './demo.js';
import { systemContext } from './factories.js';

/** The demo tenant of Besançon (it runs reports) and an API token of its own holding the given permissions. */
export async function besanconWithKey(
  database: Database,
  permissions = ['reports.intake'],
): Promise<{ tenant: Tenant; apiKey: string }> {
  await seedDemoWithoutReports(database.db);
  const tenant = await requireTenant(database.db, 'besancon');
  const { token } = await createApiToken(systemContext(database.db, tenant), { name: 'Application partenaire', permissions });
  return { tenant, apiKey: token };
}

export type FormInput = Record<string, string | string[]>;

/** Posts a form as an Open311 client does (application/x-www-form-urlencoded, repeated keys for lists). */
export function postForm(app: FastifyInstance, url: string, fields: FormInput | string) {
  let payload: string;
  if (typeof fields === 'string') payload = fields;
  else {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) params.append(key, v);
    payload = params.toString();
  }
  return app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

/** Parses an Open311 XML answer; the elements that may repeat are always arrays. */
export function parseOpen311Xml(body: string) {
  const lists = new Set(['service', 'request', 'attribute', 'value', 'endpoint', 'format', 'error']);
  return new XMLParser({ parseTagValue: false, isArray: (name) => lists.has(name) }).parse(body);
}

export function countReports(db: Kysely<DB>, tenantId: string) {
  return withTenant(db, tenantId, async (tx) => {
    const row = await tx
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  });
}

/** Moves a report through moderation or handling as the staff screens will (those operations are another issue's). */
export function setReport(
  db: Kysely<DB>,
  tenantId: string,
  id: string,
  values: Partial<{
    status: 'new' | 'resolved' | 'closed' | 'in_progress';
    moderation: 'pending' | 'published' | 'hidden';
    published_description: string;
  }>,
) {
  return db.transaction().execute(async (tx) => {
    await actAsTenant(tx, tenantId, { operation: 'test.set-report' });
    await tx.updateTable('reports').set(values).where('id', '=', id).execute();
  });
}
