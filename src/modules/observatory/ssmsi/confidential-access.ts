/**
 * Who may read the monthly figures the State's police or gendarmerie share under the coordination agreement: the
 * staff roles the tenant lists (`observatory_settings`; admin and coordinator until it chooses), checked on each read
 * from the reader's memberships, so that a change applies at once. An API token has no role: it needs the
 * `observatory.confidential` permission. Out of the list, the figures do not exist (404), as for any out-of-scope record.
 */
import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { Actor } from '../../../platform/access/actor.js';
import { defineOperation } from '../../../platform/access/operation.js';
import { isRole, type Role } from '../../../platform/access/roles.js';
import { AppError, type FieldProblem, notFound } from '../../../platform/errors.js';
import { observatoryAccess } from '../observatory-access.js';

export const DEFAULT_CONFIDENTIAL_ROLES: readonly Role[] = ['admin', 'coordinator'];

/** The roles that may be chosen: those that reach the observatory's pages at all. */
export const eligibleRoles = (): Role[] =>
  Object.entries(observatoryAccess.grants)
    .filter(([, permissions]) => (permissions as readonly string[]).includes('observatory.view'))
    .map(([role]) => role as Role);

/** The transaction's tenant's list. */
export async function confidentialRoles(tx: Tx): Promise<Role[]> {
  const row = await tx
    .selectFrom('observatory_settings')
    .select('confidential_roles')
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .executeTakeFirst();
  return row ? row.confidential_roles.filter(isRole) : [...DEFAULT_CONFIDENTIAL_ROLES];
}

export async function mayReadConfidential(tx: Tx, actor: Actor): Promise<boolean> {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'token') return actor.grants.has('observatory.confidential');
  if (actor.kind !== 'user' || !actor.userId) return false;
  const [allowed, mine] = await Promise.all([
    confidentialRoles(tx),
    tx
      .selectFrom('memberships')
      .select('role')
      .where('user_id', '=', actor.userId)
      .where(sql<boolean>`tenant_id = quietude_tenant()`)
      .execute(),
  ]);
  return mine.some((m) => (allowed as string[]).includes(m.role));
}

export async function requireConfidential(tx: Tx, actor: Actor): Promise<void> {
  if (!(await mayReadConfidential(tx, actor))) throw notFound('Local figures');
}

/** Replaces the list; every name that is not a role reaching the observatory is named in one 400, nothing saved. */
export const setConfidentialRoles = defineOperation({
  name: 'observatory.set-confidential-roles',
  // A tenant setting: who holds it decides, not those it lets in.
  permission: 'platform.settings-manage',
  async run({ tx, tenant, clock, audit }, input: { roles: string[] }) {
    const eligible = eligibleRoles() as string[];
    const roles = [...new Set(input.roles.map((r) => r.trim()).filter(Boolean))];
    const problems: FieldProblem[] = roles
      .filter((r) => !eligible.includes(r))
      .map((r) => ({
        field: 'roles',
        message: `« ${r} » is not a staff role that reaches the observatory (${eligible.join(', ')})`,
        fr: `« ${r} » n’est pas un rôle qui accède à l’observatoire (${eligible.join(', ')})`,
      }));
    if (roles.length === 0)
      problems.push({ field: 'roles', message: 'choose at least one role', fr: 'choisissez au moins un rôle' });
    if (problems.length) throw new AppError('invalid_input', problems.map((p) => `roles: ${p.message}`).join('\n'), problems);
    await tx
      .insertInto('observatory_settings')
      .values({ tenant_id: tenant.id, confidential_roles: roles, updated_at: clock.now() })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ confidential_roles: roles, updated_at: clock.now() }))
      .execute();
    audit({ entityType: 'observatory-settings', entityId: tenant.id, fields: ['confidential_roles'] });
    return roles;
  },
});
