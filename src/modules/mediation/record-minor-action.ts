import { defineOperation } from '../../platform/access/operation.js';
import { notFound } from '../../platform/errors.js';
import { afterSkippedInsert, inputHash, isDate, isUuid, localDate, Problems, priorEntry, resent } from './entry-checks.js';
import { mediationViewer, reachesTeam, requireTeam } from './mediation-scope.js';
import { isOneOf, type MinorPath, minorPaths } from './vocabulary.js';

export interface MinorActionInput {
  id: string;
  teamId: string;
  takenOn: string;
  path: string;
}

/**
 * « Mineur en danger »: records only that the path was taken (information préoccupante to the
 * département's CRIP, the 119, or both), when and by which team — never who, nor what.
 */
export const recordMinorAction = defineOperation({
  name: 'mediation.record-minor-action',
  permission: 'mediation.field',
  async run({ tx, actor, clock, tenant, audit }, input: MinorActionInput) {
    const problems = new Problems();
    if (!isUuid(input.id)) problems.add('id', 'must be a UUID', 'identifiant invalide');
    problems.throwIfAny();
    const viewer = await mediationViewer(tx, actor);
    const hash = inputHash(input);
    const columns = ['id', 'team_id', 'taken_on', 'path'] as const;
    const existing = async () => {
      const row = await tx
        .selectFrom('mediation_minor_actions')
        .select(columns)
        .where('id', '=', input.id)
        .executeTakeFirstOrThrow();
      if (!reachesTeam(viewer, row.team_id)) throw notFound('Action');
      resent(audit, 'mediation-minor-action', row.id);
      return { action: row, created: false };
    };
    if ((await priorEntry(tx, 'mediation_minor_actions', input.id, hash)) === 'existing') return existing();
    const teamId = requireTeam(viewer, input.teamId);
    if (!isOneOf(minorPaths, input.path))
      problems.add('path', 'choose the CRIP, the 119, or both', 'choisissez : CRIP, 119, ou les deux');
    if (!isDate(input.takenOn)) problems.add('takenOn', 'must be a date YYYY-MM-DD', 'date invalide (AAAA-MM-JJ)');
    else if (input.takenOn > localDate(clock.now(), tenant.time_zone))
      problems.add('takenOn', 'is in the future', 'la date est à venir');
    problems.throwIfAny();
    const row = await tx
      .insertInto('mediation_minor_actions')
      .values({
        id: input.id,
        tenant_id: tenant.id,
        team_id: teamId,
        taken_on: input.takenOn,
        path: input.path as MinorPath,
        recorded_by: actor.userId ?? null,
        input_hash: hash,
        created_at: clock.now(),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning(columns)
      .executeTakeFirst();
    if (!row) {
      // The same action sent twice at the same moment: the other send recorded it.
      await afterSkippedInsert(tx, 'mediation_minor_actions', input.id, hash);
      return existing();
    }
    audit({ entityType: 'mediation-minor-action', entityId: row.id, fields: ['team_id', 'taken_on', 'path'] });
    return { action: row, created: true };
  },
});
