import { defineOperation } from '../../platform/access/operation.js';
import { AppError, notFound } from '../../platform/errors.js';
import {
  afterSkippedInsert,
  inputHash,
  instant,
  isDate,
  isUuid,
  localDate,
  Problems,
  priorEntry,
  resent,
} from './entry-checks.js';
import { mediationViewer, reachesTeam, requireTeam } from './mediation-scope.js';

export interface RoundInput {
  id: string;
  teamId: string;
  sectorId: string;
  date: string;
  startedAt: string;
  endedAt?: string;
}

export interface RoundRecord {
  id: string;
  teamId: string;
  sectorId: string;
  date: string;
  startedAt: string;
  endedAt: string | null;
}

const toRecord = (r: {
  id: string;
  team_id: string;
  sector_id: string;
  round_date: string;
  started_at: Date;
  ended_at: Date | null;
}): RoundRecord => ({
  id: r.id,
  teamId: r.team_id,
  sectorId: r.sector_id,
  date: String(r.round_date),
  startedAt: new Date(r.started_at).toISOString(),
  endedAt: r.ended_at ? new Date(r.ended_at).toISOString() : null,
});

const roundColumns = ['id', 'team_id', 'sector_id', 'round_date', 'started_at', 'ended_at'] as const;

/**
 * A round (tournée) starts — or is recorded whole, once back online. The device gives its id: sending it
 * again with the same content returns the round recorded; with other content, a conflict.
 */
export const recordRound = defineOperation({
  name: 'mediation.record-round',
  permission: 'mediation.field',
  async run({ tx, actor, clock, tenant, audit }, input: RoundInput): Promise<{ round: RoundRecord; created: boolean }> {
    if (!isUuid(input.id))
      throw new AppError('invalid_input', 'id: must be a UUID', [
        { field: 'id', message: 'must be a UUID', fr: 'identifiant invalide' },
      ]);
    const viewer = await mediationViewer(tx, actor);
    const hash = inputHash(input);
    const existing = async () => {
      const row = await tx
        .selectFrom('mediation_rounds')
        .select(roundColumns)
        .where('id', '=', input.id)
        .executeTakeFirstOrThrow();
      if (!reachesTeam(viewer, row.team_id)) throw notFound('Round');
      resent(audit, 'mediation-round', row.id);
      return { round: toRecord(row), created: false };
    };
    if ((await priorEntry(tx, 'mediation_rounds', input.id, hash)) === 'existing') return existing();
    const teamId = requireTeam(viewer, input.teamId);
    const problems = new Problems();
    const now = clock.now();
    const sector = isUuid(input.sectorId)
      ? await tx
          .selectFrom('mediation_team_sectors')
          .select('territory_id')
          .where('team_id', '=', teamId)
          .where('territory_id', '=', input.sectorId)
          .executeTakeFirst()
      : undefined;
    if (!sector) problems.add('sectorId', 'is not one of the team’s sectors', 'ce secteur n’est pas un secteur de l’équipe');
    if (!isDate(input.date)) problems.add('date', 'must be a date YYYY-MM-DD', 'date invalide (AAAA-MM-JJ)');
    else if (input.date > localDate(now, tenant.time_zone))
      problems.add('date', 'is in the future', 'la tournée ne peut pas être à venir');
    const started = instant(input.startedAt);
    const ended = input.endedAt === undefined ? undefined : instant(input.endedAt);
    if (!started) problems.add('startedAt', 'must be an ISO 8601 time with its offset', 'heure de début invalide');
    else if (started > now) problems.add('startedAt', 'is in the future', 'l’heure de début est à venir');
    else if (isDate(input.date) && localDate(started, tenant.time_zone) !== input.date)
      problems.add('startedAt', 'is not on the round’s date', 'l’heure de début n’est pas le jour de la tournée');
    if (input.endedAt !== undefined) {
      if (!ended) problems.add('endedAt', 'must be an ISO 8601 time with its offset', 'heure de fin invalide');
      else if (started && ended <= started)
        problems.add('endedAt', 'must be after startedAt', 'l’heure de fin doit suivre l’heure de début');
      else if (ended > now) problems.add('endedAt', 'is in the future', 'l’heure de fin est à venir');
    }
    problems.throwIfAny();
    const row = await tx
      .insertInto('mediation_rounds')
      .values({
        id: input.id,
        tenant_id: tenant.id,
        team_id: teamId,
        sector_id: input.sectorId,
        round_date: input.date,
        started_at: started as Date,
        ended_at: ended ?? null,
        recorded_by: actor.userId ?? null,
        input_hash: hash,
        created_at: now,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning(roundColumns)
      .executeTakeFirst();
    if (!row) {
      // The same round sent twice at the same moment: the other send recorded it.
      await afterSkippedInsert(tx, 'mediation_rounds', input.id, hash);
      return existing();
    }
    audit({
      entityType: 'mediation-round',
      entityId: row.id,
      fields: ['team_id', 'sector_id', 'round_date', 'started_at', 'ended_at'],
    });
    return { round: toRecord(row), created: true };
  },
});

/** The round ends. Sending the same end again changes nothing; another end once ended is a conflict. */
export const endRound = defineOperation({
  name: 'mediation.end-round',
  permission: 'mediation.field',
  async run(
    { tx, actor, clock, audit },
    input: { id: string; endedAt: string },
  ): Promise<{ round: RoundRecord; changed: boolean }> {
    const viewer = await mediationViewer(tx, actor);
    const row = isUuid(input.id)
      ? await tx.selectFrom('mediation_rounds').select(roundColumns).where('id', '=', input.id).executeTakeFirst()
      : undefined;
    if (!row || !reachesTeam(viewer, row.team_id)) throw notFound('Round');
    const ended = instant(input.endedAt);
    const problems = new Problems();
    if (!ended) problems.add('endedAt', 'must be an ISO 8601 time with its offset', 'heure de fin invalide');
    else if (ended <= new Date(row.started_at))
      problems.add('endedAt', 'must be after startedAt', 'l’heure de fin doit suivre l’heure de début');
    else if (ended > clock.now()) problems.add('endedAt', 'is in the future', 'l’heure de fin est à venir');
    problems.throwIfAny();
    const at = ended as Date;
    if (row.ended_at) {
      if (new Date(row.ended_at).getTime() === at.getTime()) {
        resent(audit, 'mediation-round', row.id);
        return { round: toRecord(row), changed: false };
      }
      throw new AppError('conflict', 'endedAt: the round already ended at another time', [
        {
          field: 'endedAt',
          message: 'the round already ended at another time',
          fr: 'la tournée est déjà terminée à une autre heure',
        },
      ]);
    }
    const updated = await tx
      .updateTable('mediation_rounds')
      .set({ ended_at: at })
      .where('id', '=', row.id)
      .returning(roundColumns)
      .executeTakeFirstOrThrow();
    audit({ entityType: 'mediation-round', entityId: row.id, fields: ['ended_at'] });
    return { round: toRecord(updated), changed: true };
  },
});
