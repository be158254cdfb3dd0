import { defineOperation } from '../../platform/access/operation.js';
import { AppError, invalidInput, notFound } from '../../platform/errors.js';
import { checkPlaceInput, descriptionColumns, insertPlace, isDate, type PlaceInput } from './place-writes.js';
import type { PlaceStatus } from './tables.js';

/** The life cycle: a place is trained before it is active; only active places with a charter are public. */
const transitions: Record<PlaceStatus, PlaceStatus[]> = {
  candidate: ['trained', 'withdrawn'],
  trained: ['active', 'withdrawn'],
  active: ['suspended', 'withdrawn'],
  suspended: ['active', 'withdrawn'],
  withdrawn: ['candidate'],
};

export const createPlace = defineOperation({
  name: 'safe-places.create-place',
  permission: 'safe-places.manage',
  async run({ tx, tenant, clock, actor, audit }, input: PlaceInput) {
    const id = await insertPlace(tx, tenant.id, input, 'candidate', clock.now());
    await tx
      .insertInto('safe_place_status_changes')
      .values({
        tenant_id: tenant.id,
        place_id: id,
        from_status: null,
        to_status: 'candidate',
        reason: 'created',
        at: clock.now(),
        actor: actor.label,
      })
      .execute();
    audit({
      entityType: 'safe-place',
      entityId: id,
      fields: ['name', 'kind', 'address', 'geom', 'opening_hours', 'phone', 'wheelchair', 'languages'],
    });
    return id;
  },
});

export const updatePlace = defineOperation({
  name: 'safe-places.update-place',
  permission: 'safe-places.manage',
  async run({ tx, clock, audit }, { id, ...input }: PlaceInput & { id: string }) {
    const place = checkPlaceInput(input);
    const result = await tx
      .updateTable('safe_places')
      .set({ ...descriptionColumns(place), updated_at: clock.now() })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound('Place');
    audit({
      entityType: 'safe-place',
      entityId: id,
      fields: ['name', 'kind', 'address', 'geom', 'opening_hours', 'phone', 'wheelchair', 'languages'],
    });
  },
});

/** Moves a place along its life cycle, with the reason kept in its history. */
export const changePlaceStatus = defineOperation({
  name: 'safe-places.change-status',
  permission: 'safe-places.manage',
  async run({ tx, tenant, clock, actor, audit }, input: { id: string; to: string; reason: string; charterSignedOn?: string }) {
    const place = await tx
      .selectFrom('safe_places')
      .select(['id', 'status', 'charter_signed_on'])
      .where('id', '=', input.id)
      .where('tenant_id', '=', tenant.id)
      .executeTakeFirst();
    if (!place) throw notFound('Place');
    const to = input.to as PlaceStatus;
    if (!transitions[place.status]?.includes(to)) {
      throw invalidInput(
        'to',
        `a ${place.status} place cannot become ${input.to}`,
        `un lieu « ${place.status} » ne peut pas passer à « ${input.to} »`,
      );
    }
    const reason = input.reason.trim();
    if (reason.length < 3 || reason.length > 300)
      throw invalidInput('reason', 'must be 3 to 300 characters', 'doit faire de 3 à 300 caractères');
    let charter = place.charter_signed_on;
    if (to === 'active' && !charter) {
      if (!input.charterSignedOn || !isDate(input.charterSignedOn)) {
        throw invalidInput(
          'charterSignedOn',
          'the charter must be signed before the place is active',
          'la charte doit être signée avant l’activation',
        );
      }
      charter = input.charterSignedOn;
    }
    await tx
      .updateTable('safe_places')
      .set({
        status: to,
        charter_signed_on: charter,
        updated_at: clock.now(),
        ...(to === 'active' ? { hours_confirmed_on: clock.now().toISOString().slice(0, 10) } : {}),
      })
      .where('id', '=', place.id)
      .execute();
    await tx
      .insertInto('safe_place_status_changes')
      .values({
        tenant_id: tenant.id,
        place_id: place.id,
        from_status: place.status,
        to_status: to,
        reason,
        at: clock.now(),
        actor: actor.label,
      })
      .execute();
    audit({
      entityType: 'safe-place',
      entityId: place.id,
      fields: ['status', ...(charter !== place.charter_signed_on ? ['charter_signed_on'] : [])],
    });
  },
});

/** Confirms the hours are still right today; an unconfirmed place leaves the public list after 6 months. */
export const confirmHours = defineOperation({
  name: 'safe-places.confirm-hours',
  permission: 'safe-places.manage',
  async run({ tx, clock, audit }, id: string) {
    const result = await tx
      .updateTable('safe_places')
      .set({ hours_confirmed_on: clock.now().toISOString().slice(0, 10), updated_at: clock.now() })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound('Place');
    audit({ entityType: 'safe-place', entityId: id, fields: ['hours_confirmed_on'] });
  },
});

/** A temporary closure (works, holidays): the place is never shown open between the two dates. */
export const setClosure = defineOperation({
  name: 'safe-places.set-closure',
  permission: 'safe-places.manage',
  async run({ tx, clock, audit }, input: { id: string; from: string | null; until: string | null }) {
    if (input.from && !isDate(input.from)) throw invalidInput('from', 'must be a date YYYY-MM-DD', 'date invalide');
    if (input.until && !isDate(input.until)) throw invalidInput('until', 'must be a date YYYY-MM-DD', 'date invalide');
    if (input.from && input.until && input.until < input.from)
      throw invalidInput('until', 'must not be before the start', 'ne peut pas précéder le début');
    if (!input.from && input.until)
      throw new AppError('invalid_input', 'from: required with an end date', [
        { field: 'from', message: 'required with an end date', fr: 'obligatoire avec une date de fin' },
      ]);
    const result = await tx
      .updateTable('safe_places')
      .set({ closed_from: input.from, closed_until: input.until, updated_at: clock.now() })
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound('Place');
    audit({ entityType: 'safe-place', entityId: input.id, fields: ['closed_from', 'closed_until'] });
  },
});

export const recordTraining = defineOperation({
  name: 'safe-places.record-training',
  permission: 'safe-places.manage',
  async run({ tx, tenant, clock, audit }, input: { placeId: string; attendedOn: string; trainer: string }) {
    const place = await tx
      .selectFrom('safe_places')
      .select('id')
      .where('id', '=', input.placeId)
      .where('tenant_id', '=', tenant.id)
      .executeTakeFirst();
    if (!place) throw notFound('Place');
    if (!isDate(input.attendedOn) || input.attendedOn > clock.now().toISOString().slice(0, 10)) {
      throw invalidInput('attendedOn', 'must be a past date YYYY-MM-DD', 'doit être une date passée (AAAA-MM-JJ)');
    }
    const trainer = input.trainer.trim();
    if (trainer.length < 2 || trainer.length > 120)
      throw invalidInput('trainer', 'must be 2 to 120 characters', 'doit faire de 2 à 120 caractères');
    const row = await tx
      .insertInto('safe_place_trainings')
      .values({
        tenant_id: tenant.id,
        place_id: place.id,
        attended_on: input.attendedOn,
        trainer_organisation: trainer,
        recorded_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'safe-place-training', entityId: row.id, fields: ['attended_on', 'trainer_organisation'] });
  },
});
