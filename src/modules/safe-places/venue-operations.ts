import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { type Actor, requireInScope } from '../../platform/access/actor.js';
import { defineOperation } from '../../platform/access/operation.js';
import { inviteMember } from '../../platform/accounts/invitations.js';
import { invalidInput, notFound } from '../../platform/errors.js';
import { checkOpeningHours } from './opening-schedule.js';
import { isDate } from './place-writes.js';
import { helpActions, helpSituations } from './tables.js';

/** The coordinator invites a venue's referent: the place gets its organisation, the person a role scoped to it. */
export const inviteVenueReferent = defineOperation({
  name: 'safe-places.invite-venue-referent',
  permission: 'safe-places.manage',
  async run(scope, input: { placeId: string; email: string; publicUrl: string }) {
    const { tx, tenant, audit } = scope;
    const place = await tx
      .selectFrom('safe_places')
      .select(['id', 'name', 'organisation_id'])
      .where('id', '=', input.placeId)
      .where('tenant_id', '=', tenant.id)
      .executeTakeFirst();
    if (!place) throw notFound('Place');
    let organisationId = place.organisation_id;
    if (!organisationId) {
      const organisation = await tx
        .insertInto('organisations')
        .values({ name: place.name, kind: 'venue', siren: null, insee_code: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      organisationId = organisation.id;
      await tx
        .insertInto('tenant_organisations')
        .values({ tenant_id: tenant.id, organisation_id: organisationId, role: 'partner' })
        .execute();
      await tx.updateTable('safe_places').set({ organisation_id: organisationId }).where('id', '=', place.id).execute();
      audit({ entityType: 'safe-place', entityId: place.id, fields: ['organisation_id'] });
    }
    // Inviting a venue's own staff is part of running the network: the coordinator's permission covers it.
    return inviteMember.within(
      tx,
      scope,
      { email: input.email, role: 'partner_venue', organisationId, publicUrl: input.publicUrl },
      { coveredBy: 'safe-places.manage' },
    );
  },
});

/**
 * A place the acting venue may touch: one of its organisation's only; any other reads as not found. A
 * membership without an organisation gives no place at all (not the whole tenant's).
 */
export async function ownPlace(tx: Tx, actor: Actor, placeId: string) {
  const place = /^[0-9a-f-]{36}$/i.test(placeId)
    ? await tx
        .selectFrom('safe_places')
        .select(['id', 'name', 'address', 'organisation_id'])
        .where('id', '=', placeId)
        // Active places of every tenant are readable (the public finder's policy): keep to this one.
        .where(sql<boolean>`tenant_id = quietude_tenant()`)
        .executeTakeFirst()
    : undefined;
  if (!place || actor.grants.get('safe-places.own-place') === 'tenant') throw notFound('Place');
  requireInScope(actor, 'safe-places.own-place', { organisationId: place.organisation_id }, 'Place');
  return place;
}

/** The organisations whose places the actor keeps up to date (none for a membership without one). */
export function ownOrganisations(actor: Actor): string[] {
  const scope = actor.grants.get('safe-places.own-place');
  return !scope || scope === 'tenant' ? [] : [...scope.organisations];
}

export interface OwnPlaceUpdate {
  placeId: string;
  openingHours: string;
  closedFrom: string | null;
  closedUntil: string | null;
  staffBriefed: boolean;
  confirmHours: boolean;
}

/** What a venue keeps up to date itself: hours, temporary closure, staff briefed, hours confirmed. */
export const updateOwnPlace = defineOperation({
  name: 'safe-places.update-own-place',
  permission: 'safe-places.own-place',
  async run({ tx, actor, clock, audit }, input: OwnPlaceUpdate) {
    const place = await ownPlace(tx, actor, input.placeId);
    const hours = checkOpeningHours(input.openingHours, 'en');
    if (!hours.ok) {
      const fr = checkOpeningHours(input.openingHours, 'fr');
      throw invalidInput('openingHours', hours.message, fr.ok ? undefined : fr.message);
    }
    for (const [field, value] of [
      ['closedFrom', input.closedFrom],
      ['closedUntil', input.closedUntil],
    ] as const) {
      if (value && !isDate(value)) throw invalidInput(field, 'must be a date YYYY-MM-DD', 'date invalide (AAAA-MM-JJ)');
    }
    if (input.closedFrom && input.closedUntil && input.closedUntil < input.closedFrom)
      throw invalidInput('closedUntil', 'must not be before the start', 'ne peut pas précéder le début');
    const today = clock.now().toISOString().slice(0, 10);
    await tx
      .updateTable('safe_places')
      .set({
        opening_hours: input.openingHours,
        closed_from: input.closedFrom,
        closed_until: input.closedUntil,
        staff_briefed: input.staffBriefed,
        updated_at: clock.now(),
        ...(input.confirmHours ? { hours_confirmed_on: today } : {}),
      })
      .where('id', '=', place.id)
      .execute();
    audit({
      entityType: 'safe-place',
      entityId: place.id,
      fields: [
        'opening_hours',
        'closed_from',
        'closed_until',
        'staff_briefed',
        ...(input.confirmHours ? ['hours_confirmed_on'] : []),
      ],
    });
  },
});

/** « Someone asked for help »: three taps — the situation, what was done; the time is now. No identity, no free text. */
export const recordHelpRequest = defineOperation({
  name: 'safe-places.record-help-request',
  permission: 'safe-places.own-place',
  async run({ tx, tenant, actor, clock, audit }, input: { placeId: string; situation: string; actions: string[] }) {
    const place = await ownPlace(tx, actor, input.placeId);
    if (!(helpSituations as readonly string[]).includes(input.situation))
      throw invalidInput('situation', 'choose a situation', 'choisissez la situation');
    const actions = [...new Set(input.actions)];
    for (const action of actions)
      if (!(helpActions as readonly string[]).includes(action))
        throw invalidInput('actions', `${action} is not an action`, 'action inconnue');
    const row = await tx
      .insertInto('safe_place_help_requests')
      .values({
        tenant_id: tenant.id,
        place_id: place.id,
        occurred_at: clock.now(),
        situation: input.situation as (typeof helpSituations)[number],
        actions,
        recorded_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'help-request', entityId: row.id, fields: ['occurred_at', 'situation', 'actions'] });
  },
});
