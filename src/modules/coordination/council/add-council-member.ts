import { defineOperation } from '../../../platform/access/operation.js';
import { isUuid, mine, Problems, tenantOrganisation } from './council-input.js';
import { councilRoles } from './tables.js';

export interface CouncilMemberInput {
  /** An organisation linked to the tenant… */
  organisationId?: string;
  /** …or a named person with a function (or both: « Mme X, directrice de l'association Y »). */
  personName?: string;
  personFunction?: string;
  councilRole?: string;
  /** The member's account here, if any (restricted minutes open to attendees with an account). */
  userId?: string;
  fromOn?: string;
  untilOn?: string;
}

/** Adds a member to the council (CLSPD/CISPD) with their role and the dates they sit from and until. */
export const addCouncilMember = defineOperation({
  name: 'coordination.add-council-member',
  permission: 'coordination.manage',
  async run({ tx, tenant, clock, audit }, input: CouncilMemberInput) {
    const problems = new Problems();
    const organisationId = (input.organisationId ?? '').trim()
      ? await tenantOrganisation(tx, problems, 'organisationId', input.organisationId)
      : null;
    const personName = problems.optionalText('personName', input.personName, 200);
    const personFunction = problems.optionalText('personFunction', input.personFunction, 200);
    if (!organisationId && !personName && !problems.has('organisationId'))
      problems.add(
        'organisationId',
        'choose an organisation or name a person',
        'choisissez une organisation ou nommez une personne',
      );
    if (personName && personName.length < 2) problems.add('personName', 'must be 2 to 200 characters', 'de 2 à 200 caractères');
    const councilRole = problems.oneOf('councilRole', input.councilRole, councilRoles);
    let userId: string | null = null;
    const typedUser = (input.userId ?? '').trim();
    if (typedUser) {
      const row = isUuid(typedUser)
        ? await tx.selectFrom('memberships').select('user_id').where('user_id', '=', typedUser).where(mine).executeTakeFirst()
        : undefined;
      if (!row) problems.add('userId', 'is not a staff member of this local authority', 'personne inconnue ici');
      userId = row?.user_id ?? null;
    }
    const fromOn = problems.date('fromOn', input.fromOn);
    const untilOn = problems.date('untilOn', input.untilOn, false);
    if (fromOn && untilOn && untilOn < fromOn)
      problems.add('untilOn', 'must not be before the start', 'ne peut pas précéder le début du mandat');
    problems.throwIfAny();
    const row = await tx
      .insertInto('coordination_council_members')
      .values({
        tenant_id: tenant.id,
        organisation_id: organisationId,
        person_name: personName,
        person_function: personFunction,
        council_role: councilRole!,
        user_id: userId,
        from_on: fromOn!,
        until_on: untilOn,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'coordination-council-member',
      entityId: row.id,
      fields: ['organisation', 'person_name', 'person_function', 'council_role', 'user', 'from_on', 'until_on'],
    });
    return row;
  },
});
