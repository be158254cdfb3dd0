import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { localMoment } from '../../prevention/orders/order-time.js';
import { isUuid, requireMembership, requireOpen } from './group-access.js';
import { Problems } from './group-input.js';
import { type ActionKind, actionKinds } from './tables.js';

export interface PlaceActionInput {
  groupId: string;
  placeId: string;
  kind: string;
  doneOn: string;
  description?: string;
  /** Who acted: an organisation's name (« Service propreté », « Association … »), never a person's. */
  organisation: string;
}

/** What was done at a place and when (presence, cleaning, lighting repair, an event…): the place's timeline. */
export const recordPlaceAction = defineOperation({
  name: 'coordination.record-place-action',
  permission: 'coordination.groups',
  async run({ tx, tenant, clock, actor, audit }, input: PlaceActionInput) {
    const group = await requireMembership(tx, actor, input.groupId);
    requireOpen(group);
    const place = isUuid(input.placeId)
      ? await tx
          .selectFrom('coordination_group_places')
          .select(['id', 'opened_on'])
          .where('id', '=', input.placeId)
          .where('group_id', '=', group.id)
          .executeTakeFirst()
      : undefined;
    if (!place) throw new AppError('not_found', 'Place not found');
    const problems = new Problems();
    const kind = input.kind as ActionKind;
    if (!actionKinds.includes(kind)) problems.add('kind', 'unknown kind of action', 'type d’action inconnu');
    const doneOn = problems.date('doneOn', input.doneOn);
    if (doneOn && doneOn > localMoment(clock.now(), tenant.time_zone).date)
      problems.add(
        'doneOn',
        'must not be in the future: record what was done',
        'la date est dans le futur : notez ce qui a été fait',
      );
    const description = problems.text('description', input.description, 0, 1000, true);
    const organisation = problems.text('organisation', input.organisation, 2, 120);
    problems.check();
    const row = await tx
      .insertInto('coordination_group_place_actions')
      .values({
        tenant_id: tenant.id,
        group_id: group.id,
        place_id: place.id,
        kind,
        done_on: doneOn as string,
        description,
        organisation,
        created_by: actor.label,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'coordination-group-place',
      entityId: place.id,
      fields: ['action kind', 'done_on', 'description', 'organisation'],
    });
    return row;
  },
});
