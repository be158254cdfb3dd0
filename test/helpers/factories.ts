import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { systemActor } from '../../src/platform/access/actor.js';
import type { OperationContext } from '../../src/platform/access/operation.js';
import { type Clock, ManualClock } from '../../src/platform/clock/clock.js';
import type { ProgrammeId } from '../../src/platform/programmes.js';
import type { Tenant } from '../../src/platform/tenants/tenant-queries.js';

/** A fresh tenant with a unique slug, so that tests never see each other's rows. */
export async function createTenant(
  db: Kysely<DB>,
  overrides: { name?: string; programmes?: ProgrammeId[]; kind?: Tenant['kind']; inseeCode?: string } = {},
): Promise<Tenant> {
  const suffix = randomBytes(4).toString('hex');
  return db
    .insertInto('tenants')
    .values({
      slug: `test-${suffix}`,
      name: overrides.name ?? `Commune de test ${suffix}`,
      kind: overrides.kind ?? 'commune',
      insee_code: overrides.inseeCode ?? null,
      siren: null,
      population: null,
      programmes: overrides.programmes ?? ['reports'],
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An operation context acting as the system (as the CLI does) on a tenant. */
export function systemContext(
  db: Kysely<DB>,
  tenant: Tenant,
  clock: Clock = new ManualClock(new Date('2026-11-25T22:30:00Z')),
): OperationContext {
  return { db, clock, actor: systemActor('test'), tenant };
}
