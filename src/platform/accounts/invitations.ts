import { defineOperation } from '../access/operation.js';
import { isRole } from '../access/roles.js';
import { AppError, invalidInput } from '../errors.js';
import { requireOwnTerritory } from '../territories/territory-queries.js';
import { checkNewPassword, hashPassword } from './passwords.js';
import { hashSecretToken, newSecretToken } from './secret-tokens.js';
import { checkEmail, findOrCreateUser } from './user-queries.js';

const INVITATION_MS = 7 * 24 * 3600_000;

export interface InviteInput {
  email: string;
  role: string;
  territoryId?: string | null;
  /** Scope the role to an organisation linked to the tenant (a partner venue, an association). */
  organisationId?: string | null;
  publicUrl: string;
}

/** Invites someone by e-mail to hold a role; returns the one-time link to send them. */
export const inviteMember = defineOperation({
  name: 'platform.invite-member',
  permission: 'platform.users-manage',
  async run({ tx, tenant, actor, clock, audit }, input: InviteInput) {
    const email = checkEmail(input.email);
    if (!isRole(input.role)) throw invalidInput('role', 'is not a known role', 'n’est pas un rôle connu');
    if (input.territoryId) await requireOwnTerritory(tx, input.territoryId);
    if (input.organisationId) {
      const linked = await tx
        .selectFrom('tenant_organisations')
        .select('organisation_id')
        .where('organisation_id', '=', input.organisationId)
        .executeTakeFirst();
      if (!linked)
        throw invalidInput('organisation', 'is not linked to this local authority', 'n’est pas liée à la collectivité');
    }
    const { token, hash } = newSecretToken();
    const now = clock.now();
    const row = await tx
      .insertInto('invitations')
      .values({
        tenant_id: tenant.id,
        email,
        role: input.role,
        territory_id: input.territoryId ?? null,
        organisation_id: input.organisationId ?? null,
        token_hash: hash,
        invited_by: actor.userId ?? null,
        created_at: now,
        expires_at: new Date(now.getTime() + INVITATION_MS),
        accepted_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'invitation', entityId: row.id, fields: ['email', 'role', 'territory_id', 'organisation_id'] });
    const base = input.publicUrl.replace(/\/$/, '');
    return { email, link: `${base}/invitation?t=${encodeURIComponent(tenant.slug)}&jeton=${encodeURIComponent(token)}` };
  },
});

export interface AcceptInput {
  token: string;
  displayName: string;
  password: string;
  /** The signed-in user, when the invitation is for an existing account. */
  signedInUserId?: string;
}

/**
 * Accepts an invitation: a new account chooses its name and password; an
 * existing account must be signed in. The link works once.
 */
export const acceptInvitation = defineOperation({
  name: 'platform.accept-invitation',
  permission: 'public',
  async run({ tx, tenant, clock, audit }, input: AcceptInput) {
    const invitation = await tx
      .selectFrom('invitations')
      .selectAll()
      .where('token_hash', '=', hashSecretToken(input.token))
      .where('accepted_at', 'is', null)
      .where('expires_at', '>', clock.now())
      .executeTakeFirst();
    if (!invitation) throw new AppError('not_found', 'This invitation has expired or was already used. Ask for a new one.');
    const existing = await tx
      .selectFrom('users')
      .select(['id', 'password_hash'])
      .where('email', '=', invitation.email)
      .executeTakeFirst();
    let userId: string;
    if (existing?.password_hash) {
      if (input.signedInUserId !== existing.id) {
        throw new AppError(
          'unauthenticated',
          'An account already exists for this address: sign in with it first, then open the link again.',
        );
      }
      userId = existing.id;
    } else {
      const name = input.displayName.trim();
      if (name.length < 2 || name.length > 100)
        throw invalidInput('displayName', 'must be 2 to 100 characters', 'doit faire de 2 à 100 caractères');
      checkNewPassword(input.password, invitation.email);
      const user = await findOrCreateUser(tx, invitation.email, name);
      await tx
        .updateTable('users')
        .set({ display_name: name, password_hash: await hashPassword(input.password), active: true })
        .where('id', '=', user.id)
        .execute();
      userId = user.id;
    }
    await tx
      .insertInto('memberships')
      .values({
        tenant_id: tenant.id,
        user_id: userId,
        role: invitation.role,
        territory_id: invitation.territory_id,
        organisation_id: invitation.organisation_id,
        working_group_id: null,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await tx.updateTable('invitations').set({ accepted_at: clock.now() }).where('id', '=', invitation.id).execute();
    audit({ entityType: 'invitation', entityId: invitation.id, fields: ['accepted_at'] });
    audit({ entityType: 'user', entityId: userId, fields: ['display_name', 'password_hash', 'role'] });
    return { userId, email: invitation.email };
  },
});
