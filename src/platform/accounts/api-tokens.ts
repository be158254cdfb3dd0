import { can } from '../access/actor.js';
import { defineOperation } from '../access/operation.js';
import { knownPermissions, type Permission } from '../access/permissions.js';
import { invalidInput, notFound } from '../errors.js';
import { newSecretToken } from './secret-tokens.js';

/**
 * An integration's token: shown once, stored as SHA-256, valid for this tenant
 * only, with permissions the creator holds themselves (no escalation).
 */
export const createApiToken = defineOperation({
  name: 'platform.create-api-token',
  permission: 'platform.tokens-manage',
  async run({ tx, tenant, actor, clock, audit }, input: { name: string; permissions: string[] }) {
    const name = input.name.trim();
    if (name.length < 2 || name.length > 80)
      throw invalidInput('name', 'must be 2 to 80 characters', 'doit faire de 2 à 80 caractères');
    const known = knownPermissions();
    const permissions = [...new Set(input.permissions)];
    if (permissions.length === 0)
      throw invalidInput('permissions', 'choose at least one permission', 'cochez au moins une permission');
    for (const p of permissions) {
      if (!known.has(p as Permission))
        throw invalidInput('permissions', `${p} is not a permission`, `${p} n’est pas une permission`);
      if (!can(actor, p as Permission))
        throw invalidInput(
          'permissions',
          `${p} is not yours to give`,
          `${p} ne vous appartient pas : vous ne pouvez pas la donner`,
        );
    }
    const { token, hash } = newSecretToken('qt_');
    const row = await tx
      .insertInto('api_tokens')
      .values({
        tenant_id: tenant.id,
        name,
        token_hash: hash,
        permissions,
        created_by: actor.userId ?? null,
        created_at: clock.now(),
        last_used_at: null,
        revoked_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'api-token', entityId: row.id, fields: ['name', 'permissions'] });
    return { id: row.id, token };
  },
});

export const revokeApiToken = defineOperation({
  name: 'platform.revoke-api-token',
  permission: 'platform.tokens-manage',
  async run({ tx, tenant, clock, audit }, id: string) {
    const result = await tx
      .updateTable('api_tokens')
      .set({ revoked_at: clock.now() })
      .where('id', '=', id)
      .where('tenant_id', '=', tenant.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound('Token');
    audit({ entityType: 'api-token', entityId: id, fields: ['revoked_at'] });
  },
});
