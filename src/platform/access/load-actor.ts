import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { hashSecretToken } from '../accounts/secret-tokens.js';
import type { SessionUser } from '../accounts/sessions.js';
import type { Clock } from '../clock/clock.js';
import type { Tenant } from '../tenants/tenant-queries.js';
import { type Actor, grantsFromMemberships, systemActor } from './actor.js';
import { defineOperation } from './operation.js';
import { knownPermissions, type Permission, permissionsOfRole } from './permissions.js';
import { isRole } from './roles.js';

/** A signed-in user acting in one tenant: the union of their roles there, with scopes. */
export async function userActor(db: Kysely<DB>, tenant: Tenant, user: SessionUser): Promise<Actor & { roles: string[] }> {
  const memberships = await withTenant(
    db,
    tenant.id,
    (tx) =>
      tx
        .selectFrom('memberships')
        .select(['role', 'territory_id', 'organisation_id'])
        .where('user_id', '=', user.id)
        // The user may see their memberships of every tenant (to choose one): keep this tenant's.
        .where('tenant_id', '=', tenant.id)
        .execute(),
    { userId: user.id },
  );
  const grants = grantsFromMemberships(
    memberships
      .filter((m) => isRole(m.role))
      .map((m) => ({
        permissions: isRole(m.role) ? permissionsOfRole(m.role) : [],
        territoryId: m.territory_id,
        organisationId: m.organisation_id,
      })),
  );
  return { kind: 'user', label: `user:${user.id}`, userId: user.id, grants, roles: memberships.map((m) => m.role) };
}

const recordTokenUse = defineOperation({
  name: 'platform.record-token-use',
  permission: 'platform.tokens-manage',
  async run({ tx, clock, audit }, tokenId: string) {
    await tx.updateTable('api_tokens').set({ last_used_at: clock.now() }).where('id', '=', tokenId).execute();
    audit({ entityType: 'api-token', entityId: tokenId, fields: ['last_used_at'] });
  },
});

/** An integration's API token, valid for its tenant only, with the permissions it was given. */
export async function tokenActor(db: Kysely<DB>, clock: Clock, tenant: Tenant, token: string): Promise<Actor | undefined> {
  const row = await withTenant(db, tenant.id, (tx) =>
    tx
      .selectFrom('api_tokens')
      .select(['id', 'permissions', 'last_used_at'])
      .where('token_hash', '=', hashSecretToken(token))
      .where('revoked_at', 'is', null)
      .executeTakeFirst(),
  );
  if (!row) return undefined;
  const now = clock.now();
  // The last use is recorded (and audited) at most once a minute.
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await recordTokenUse({ db, clock, actor: systemActor('api-auth'), tenant }, row.id);
  }
  const known = knownPermissions();
  const permissions = row.permissions.filter((p): p is Permission => known.has(p as Permission));
  return {
    kind: 'token',
    label: `token:${row.id}`,
    grants: grantsFromMemberships([{ permissions, territoryId: null, organisationId: null }]),
  };
}
