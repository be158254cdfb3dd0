import { sql } from 'kysely';
import { defineOperation } from '../../platform/access/operation.js';
import { notFound } from '../../platform/errors.js';
import { afterSkippedInsert, inputHash, instant, isUuid, Problems, priorEntry, resent } from './entry-checks.js';
import { mediationViewer, reachesTeam, requireTeam } from './mediation-scope.js';
import { actionKinds, activities, ageBands, genders, isOneOf, themes } from './vocabulary.js';

export interface EncounterInput {
  id: string;
  /** During a round: its id. On appointment: `onAppointment` and the team. */
  roundId?: string;
  teamId?: string;
  onAppointment?: boolean;
  occurredAt: string;
  peopleCount: number;
  people?: { ageBand?: string; gender?: string }[];
  themes: string[];
  activity: string;
  actions: string[];
  faireAvec: boolean;
  lat?: number;
  lon?: number;
}

export interface EncounterRecord {
  id: string;
  teamId: string;
  roundId: string | null;
  onAppointment: boolean;
  occurredAt: string;
  peopleCount: number;
  themes: string[];
  activity: string;
  actions: string[];
  faireAvec: boolean;
  qpvId: string | null;
}

const columns = [
  'id',
  'team_id',
  'round_id',
  'on_appointment',
  'occurred_at',
  'people_count',
  'themes',
  'activity',
  'actions',
  'faire_avec',
  'qpv_id',
] as const;
type Row = {
  id: string;
  team_id: string;
  round_id: string | null;
  on_appointment: boolean;
  occurred_at: Date;
  people_count: number;
  themes: string[];
  activity: string;
  actions: string[];
  faire_avec: boolean;
  qpv_id: string | null;
};
const toRecord = (r: Row): EncounterRecord => ({
  id: r.id,
  teamId: r.team_id,
  roundId: r.round_id,
  onAppointment: r.on_appointment,
  occurredAt: new Date(r.occurred_at).toISOString(),
  peopleCount: r.people_count,
  themes: r.themes,
  activity: r.activity,
  actions: r.actions,
  faireAvec: r.faire_avec,
  qpvId: r.qpv_id,
});

function checkLists(input: EncounterInput, problems: Problems) {
  const count = input.peopleCount;
  if (!Number.isInteger(count) || count < 1 || count > 500)
    problems.add('peopleCount', 'must be a whole number from 1 to 500', 'nombre de personnes entre 1 et 500');
  const people = input.people ?? [];
  if (Number.isInteger(count) && people.length > count)
    problems.add('people', 'lists more people than were met', 'plus de personnes décrites que de personnes rencontrées');
  people.forEach((p, i) => {
    if (p.ageBand !== undefined && !isOneOf(ageBands, p.ageBand))
      problems.add(`people.${i}.ageBand`, `unknown age band: ${p.ageBand}`, `tranche d’âge inconnue : ${p.ageBand}`);
    if (p.gender !== undefined && !isOneOf(genders, p.gender))
      problems.add(`people.${i}.gender`, `unknown gender: ${p.gender}`, `genre inconnu : ${p.gender}`);
  });
  const unknownThemes = (input.themes ?? []).filter((t) => !isOneOf(themes, t));
  if (!Array.isArray(input.themes) || input.themes.length === 0)
    problems.add('themes', 'choose at least one theme', 'choisissez au moins un thème');
  else if (unknownThemes.length)
    problems.add('themes', `unknown theme: ${unknownThemes.join(', ')}`, `thème inconnu : ${unknownThemes.join(', ')}`);
  if (!isOneOf(activities, input.activity))
    problems.add('activity', 'choose one of the five activities', 'choisissez l’une des cinq activités');
  const unknownActions = (input.actions ?? []).filter((a) => !isOneOf(actionKinds, a));
  if (unknownActions.length)
    problems.add('actions', `unknown action: ${unknownActions.join(', ')}`, `action inconnue : ${unknownActions.join(', ')}`);
  const hasLat = input.lat !== undefined;
  if (hasLat !== (input.lon !== undefined))
    problems.add(hasLat ? 'lon' : 'lat', 'give both lat and lon, or neither', 'indiquez la latitude et la longitude, ou aucune');
  if (hasLat && !(Math.abs(input.lat as number) <= 90)) problems.add('lat', 'must be between -90 and 90', 'latitude invalide');
  if (input.lon !== undefined && !(Math.abs(input.lon) <= 180))
    problems.add('lon', 'must be between -180 and 180', 'longitude invalide');
}

/**
 * An encounter: how many people, optionally each one's age band and gender, themes, the activity, what
 * was done, whether the person acted themselves (« faire avec »), and the place — from which the QPV is
 * derived. Never a name, never health.
 */
export const recordEncounter = defineOperation({
  name: 'mediation.record-encounter',
  permission: 'mediation.field',
  async run(
    { tx, actor, clock, tenant, audit },
    input: EncounterInput,
  ): Promise<{ encounter: EncounterRecord; created: boolean }> {
    const problems = new Problems();
    if (!isUuid(input.id)) problems.add('id', 'must be a UUID', 'identifiant invalide');
    problems.throwIfAny();
    const viewer = await mediationViewer(tx, actor);
    const hash = inputHash(input);
    const existing = async () => {
      const row = await tx
        .selectFrom('mediation_encounters')
        .select(columns)
        .where('id', '=', input.id)
        .executeTakeFirstOrThrow();
      if (!reachesTeam(viewer, row.team_id)) throw notFound('Encounter');
      resent(audit, 'mediation-encounter', row.id);
      return { encounter: toRecord(row), created: false };
    };
    if ((await priorEntry(tx, 'mediation_encounters', input.id, hash)) === 'existing') return existing();
    const round = input.roundId
      ? await tx
          .selectFrom('mediation_rounds')
          .select(['id', 'team_id', 'started_at', 'ended_at'])
          .where('id', '=', isUuid(input.roundId) ? input.roundId : '00000000-0000-0000-0000-000000000000')
          .executeTakeFirst()
      : undefined;
    if (input.roundId && (!round || !reachesTeam(viewer, round.team_id))) throw notFound('Round');
    const teamId = round ? round.team_id : requireTeam(viewer, input.teamId);
    if (!round && input.onAppointment !== true)
      problems.add(
        'roundId',
        'give the round, or say it was on appointment',
        'indiquez la tournée, ou qu’il s’agit d’un rendez-vous',
      );
    const at = instant(input.occurredAt);
    if (!at) problems.add('occurredAt', 'must be an ISO 8601 time with its offset', 'heure invalide');
    else if (at > clock.now()) problems.add('occurredAt', 'is in the future', 'l’heure est à venir');
    else if (round && (at < new Date(round.started_at) || (round.ended_at && at > new Date(round.ended_at))))
      problems.add(
        'occurredAt',
        'is outside the round’s start and end',
        'l’heure n’est pas entre le début et la fin de la tournée',
      );
    checkLists(input, problems);
    problems.throwIfAny();

    const point =
      input.lat !== undefined && input.lon !== undefined ? sql`ST_SetSRID(ST_MakePoint(${input.lon}, ${input.lat}), 4326)` : null;
    const qpv = point
      ? await tx
          .selectFrom('territories')
          .select('id')
          .where('tenant_id', '=', tenant.id)
          .where('kind', '=', 'qpv')
          .where(sql<boolean>`ST_Covers(geom, ${point})`)
          .orderBy(sql`ST_Area(geom)`)
          .executeTakeFirst()
      : undefined;
    const row = await tx
      .insertInto('mediation_encounters')
      .values({
        id: input.id,
        tenant_id: tenant.id,
        team_id: teamId,
        round_id: round?.id ?? null,
        on_appointment: !round,
        occurred_at: at as Date,
        people_count: input.peopleCount,
        themes: [...new Set(input.themes)],
        activity: input.activity as EncounterRecord['activity'] as never,
        actions: [...new Set(input.actions ?? [])],
        faire_avec: input.faireAvec === true,
        geom: point,
        qpv_id: qpv?.id ?? null,
        recorded_by: actor.userId ?? null,
        input_hash: hash,
        created_at: clock.now(),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning(columns)
      .executeTakeFirst();
    if (!row) {
      // The same encounter sent twice at the same moment: the other send recorded it (and its people).
      await afterSkippedInsert(tx, 'mediation_encounters', input.id, hash);
      return existing();
    }
    const people = (input.people ?? []).map((p, position) => ({
      tenant_id: tenant.id,
      encounter_id: row.id,
      position,
      age_band: (p.ageBand ?? null) as never,
      gender: (p.gender ?? null) as never,
    }));
    if (people.length) await tx.insertInto('mediation_encounter_people').values(people).execute();
    audit({
      entityType: 'mediation-encounter',
      entityId: row.id,
      fields: [
        'people_count',
        'themes',
        'activity',
        'actions',
        'faire_avec',
        ...(people.length ? ['people'] : []),
        ...(point ? ['geom', 'qpv_id'] : []),
      ],
    });
    return { encounter: toRecord(row), created: true };
  },
});
