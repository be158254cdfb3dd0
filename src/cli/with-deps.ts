import { parseConfig } from '../config.js';
import { systemActor } from '../platform/access/actor.js';
import type { OperationContext } from '../platform/access/operation.js';
import { createDeps } from '../platform/create-deps.js';
import type { AppDeps } from '../platform/deps.js';
import { requireTenant, type Tenant } from '../platform/tenants/tenant-queries.js';

/** Opens the database for one command (through the running server's socket if it owns it), then closes it. */
export async function withDeps<T>(fn: (deps: AppDeps) => Promise<T>): Promise<T> {
  const config = parseConfig();
  const deps = await createDeps({ ...config, logLevel: 'warn' }, (line) => process.stderr.write(`${line}\n`));
  try {
    return await fn(deps);
  } finally {
    await deps.database.close();
  }
}

/** The context of an operation run from the command line, by the system on behalf of the operator. */
export async function cliContext(deps: AppDeps, slug: string): Promise<OperationContext> {
  const tenant = await requireTenant(deps.database.db, slug);
  return { db: deps.database.db, clock: deps.clock, actor: systemActor('cli'), tenant };
}

export const tenantOf = (deps: AppDeps, slug: string): Promise<Tenant> => requireTenant(deps.database.db, slug);
