import { defineOperation } from '../../platform/access/operation.js';
import { invalidInput } from '../../platform/errors.js';
import { insertPlace, type PlaceInput } from './place-writes.js';
import { ownOrganisations } from './venue-operations.js';

export const transitKinds = ['transit_agency', 'transit_station', 'transit_vehicle'] as const;

/**
 * The transit operator lists one of its agencies, stations or vehicles as a safe place. It enters the
 * network as a candidate of the operator's organisation: the coordinator records the training and the
 * charter and makes it active, as for any venue. The operator keeps its hours up to date afterwards.
 */
export const proposeTransitPlace = defineOperation({
  name: 'safe-places.propose-transit-place',
  permission: 'safe-places.transit-places',
  async run({ tx, tenant, actor, clock, audit }, input: PlaceInput) {
    if (!(transitKinds as readonly string[]).includes(input.kind))
      throw invalidInput('kind', `must be one of ${transitKinds.join(', ')}`, 'choisissez agence, station ou véhicule');
    const [organisationId] = ownOrganisations(actor);
    if (!organisationId)
      throw invalidInput('kind', 'your account is not linked to an operator', 'votre compte n’est rattaché à aucun exploitant');
    const id = await insertPlace(tx, tenant.id, input, 'candidate', clock.now());
    await tx.updateTable('safe_places').set({ organisation_id: organisationId }).where('id', '=', id).execute();
    await tx
      .insertInto('safe_place_status_changes')
      .values({
        tenant_id: tenant.id,
        place_id: id,
        from_status: null,
        to_status: 'candidate',
        reason: 'proposed by the transit operator',
        at: clock.now(),
        actor: actor.label,
      })
      .execute();
    audit({ entityType: 'safe-place', entityId: id, fields: ['name', 'kind', 'address', 'geom', 'opening_hours', 'phone'] });
    return id;
  },
});
