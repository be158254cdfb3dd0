import { defineOperation } from '../../platform/access/operation.js';
import { Problems } from './entry-checks.js';
import { situationInReach } from './situation-steps.js';

export interface PartyInput {
  situationId: string;
  name: string;
  phone?: string;
  email?: string;
  address?: string;
}

export interface Party {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  address: string | null;
}

const limits = { name: 200, phone: 40, email: 200, address: 300 } as const;

/**
 * A party's name and contact, for letters and appointments in a neighbour dispute. Only the situation's
 * team and its managers reach it; it is erased after the tenant's delay from the last contact.
 */
export const addSituationParty = defineOperation({
  name: 'mediation.add-situation-party',
  permission: 'mediation.field',
  async run({ tx, actor, clock, tenant, audit }, input: PartyInput) {
    const situation = await situationInReach(tx, actor, input.situationId);
    const problems = new Problems();
    const value = (key: keyof typeof limits) => (input[key] ?? '').trim();
    if (!value('name')) problems.add('name', 'is required', 'indiquez le nom');
    for (const key of Object.keys(limits) as (keyof typeof limits)[])
      if (value(key).length > limits[key])
        problems.add(key, `must be at most ${limits[key]} characters`, `au plus ${limits[key]} caractères`);
    if (value('email') && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value('email')))
      problems.add('email', 'is not an e-mail address', 'adresse électronique invalide');
    problems.throwIfAny();
    const row = await tx
      .insertInto('mediation_situation_parties')
      .values({
        tenant_id: tenant.id,
        situation_id: situation.id,
        name: value('name'),
        phone: value('phone') || null,
        email: value('email') || null,
        address: value('address') || null,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const fields = (['name', 'phone', 'email', 'address'] as const).filter((k) => value(k));
    audit({ entityType: 'mediation-situation-party', entityId: row.id, fields: [...fields] });
    return { id: row.id };
  },
});

/** « Voir les coordonnées »: every view of the parties is an audited read (the fields, never the values). */
export const viewSituationParties = defineOperation({
  name: 'mediation.view-situation-parties',
  permission: 'mediation.field',
  async run({ tx, actor, audit }, input: { situationId: string }): Promise<Party[]> {
    const situation = await situationInReach(tx, actor, input.situationId);
    const parties = await tx
      .selectFrom('mediation_situation_parties')
      .select(['id', 'name', 'phone', 'email', 'address'])
      .where('situation_id', '=', situation.id)
      .orderBy('created_at')
      .execute();
    audit({
      entityType: 'mediation-situation',
      entityId: situation.id,
      fields: ['parties.name', 'parties.phone', 'parties.email', 'parties.address'],
      count: parties.length,
    });
    return parties;
  },
});
