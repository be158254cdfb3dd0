import { sql } from 'kysely';
import { defineOperation } from '../../../platform/access/operation.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { isDate } from '../orders/order-input.js';
import { localMoment } from '../orders/order-time.js';
import { fromWallClock } from '../orders/wall-time.js';
import { blank, isUuid, readCount, readText, UAI_PATTERN } from './session-input.js';
import { type PlaceKind, placeKinds } from './tables.js';

/** A session as typed in the staff form (every field text). */
export interface SessionInput {
  programmeId: string;
  /** The tenant's wall clock: "2026-11-27T14:00". */
  startsAt: string;
  placeKind: string;
  uai?: string;
  placeName?: string;
  headAgreementOn?: string;
  audienceLevel: string;
  classes?: string;
  reached: string;
  associationId?: string;
  otherFacilitators?: string;
  theme: string;
}

const mine = sql<boolean>`tenant_id = quietude_tenant()`;

/**
 * Records a session of a programme. Every field is checked at once and each problem names its field: a negative
 * number reached, an unknown UAI, a collège or lycée without the head's agreement… Nothing is saved then.
 */
export const recordSession = defineOperation({
  name: 'prevention.record-session',
  permission: 'prevention.sessions',
  async run({ tx, tenant, clock, audit }, input: SessionInput) {
    const problems: FieldProblem[] = [];
    const programmeId = input.programmeId.trim();
    const programme = isUuid(programmeId)
      ? await tx.selectFrom('prevention_programmes').select('id').where('id', '=', programmeId).where(mine).executeTakeFirst()
      : undefined;
    if (!programme)
      problems.push({ field: 'programmeId', message: 'is not a programme of this local authority', fr: 'programme inconnu' });
    const startsAt = fromWallClock(input.startsAt, tenant.time_zone);
    if (!startsAt) problems.push({ field: 'startsAt', message: 'must be a date and time', fr: 'une date et une heure' });
    const day = startsAt ? localMoment(startsAt, tenant.time_zone).date : undefined;
    const placeKind = input.placeKind.trim() as PlaceKind;
    let schoolId: string | null = null;
    let placeName: string | null = null;
    let headAgreementOn: string | null = null;
    if (!placeKinds.includes(placeKind))
      problems.push({ field: 'placeKind', message: `must be one of ${placeKinds.join(', ')}`, fr: 'type de lieu inconnu' });
    else if (placeKind === 'school') {
      const uai = (input.uai ?? '').trim().toUpperCase();
      const school = UAI_PATTERN.test(uai)
        ? await tx.selectFrom('prevention_schools').select(['id', 'kind']).where('uai', '=', uai).where(mine).executeTakeFirst()
        : undefined;
      if (!UAI_PATTERN.test(uai))
        problems.push({
          field: 'uai',
          message: 'must be a UAI code: 7 digits and a letter',
          fr: 'un code UAI : 7 chiffres et une lettre',
        });
      else if (!school)
        problems.push({ field: 'uai', message: `unknown UAI ${uai}: import the school first`, fr: `code UAI ${uai} inconnu` });
      schoolId = school?.id ?? null;
      const agreement = (input.headAgreementOn ?? '').trim();
      if (agreement !== '' && !isDate(agreement))
        problems.push({ field: 'headAgreementOn', message: 'must be a date YYYY-MM-DD', fr: 'une date (AAAA-MM-JJ)' });
      else if (agreement !== '' && day && agreement > day)
        problems.push({
          field: 'headAgreementOn',
          message: 'must not be after the session',
          fr: 'l’accord doit précéder la séance',
        });
      else if (agreement === '' && (school?.kind === 'college' || school?.kind === 'lycee'))
        problems.push({
          field: 'headAgreementOn',
          message: 'the head’s agreement (with its date) is required for a collège or lycée',
          fr: 'l’accord du chef d’établissement (avec sa date) est obligatoire pour un collège ou un lycée',
        });
      headAgreementOn = agreement === '' ? null : agreement;
    } else placeName = readText(problems, 'placeName', input.placeName, 2, 200);
    const audienceLevel = readText(problems, 'audienceLevel', input.audienceLevel, 1, 80) as string;
    const classes = readCount(problems, 'classes', input.classes, 1000, placeKind === 'school' ? 1 : 0);
    const reached = readCount(problems, 'reached', input.reached, 100_000);
    const associationId = blank(input.associationId) ? null : (input.associationId as string).trim();
    if (associationId) {
      const association = isUuid(associationId)
        ? await tx
            .selectFrom('prevention_associations')
            .select(['id', 'agrement_on'])
            .where('id', '=', associationId)
            .where(mine)
            .executeTakeFirst()
        : undefined;
      if (!association)
        problems.push({ field: 'associationId', message: 'is not a partner association', fr: 'association inconnue' });
      else if (placeKind === 'school' && (!association.agrement_on || (day && association.agrement_on > day)))
        problems.push({
          field: 'associationId',
          message: 'has no Éducation nationale approval (agrément) for a session in a school',
          fr: 'cette association n’a pas l’agrément de l’Éducation nationale requis en milieu scolaire',
        });
    }
    const otherFacilitators = readText(problems, 'otherFacilitators', input.otherFacilitators, 2, 300, true);
    if (!associationId && !otherFacilitators)
      problems.push({
        field: 'otherFacilitators',
        message: 'name an association or the other facilitators (mediators, police…)',
        fr: 'indiquez une association ou les autres intervenants (médiateurs, police…)',
      });
    const theme = readText(problems, 'theme', input.theme, 2, 200) as string;
    if (problems.length || !programme || !startsAt)
      throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    const row = await tx
      .insertInto('prevention_sessions')
      .values({
        tenant_id: tenant.id,
        programme_id: programme.id,
        starts_at: startsAt,
        place_kind: placeKind,
        school_id: schoolId,
        place_name: placeName,
        head_agreement_on: headAgreementOn,
        audience_level: audienceLevel,
        classes,
        reached,
        association_id: associationId,
        other_facilitators: otherFacilitators,
        theme,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'prevention-session',
      entityId: row.id,
      fields: ['programme', 'starts_at', 'place', 'audience', 'reached', 'facilitators', 'theme'],
    });
    return row;
  },
});
