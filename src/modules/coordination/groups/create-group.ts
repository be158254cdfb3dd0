import { sql } from 'kysely';
import { defineOperation } from '../../../platform/access/operation.js';
import { isUuid } from './group-access.js';
import { Problems } from './group-input.js';
import { type GroupKind, groupKinds } from './tables.js';

export interface GroupInput {
  name: string;
  kind: string;
  territoryId?: string;
  purpose?: string;
  categoryIds: string[];
}

/**
 * A coordinator opens a working group (thematic or territorial) and becomes its first member. The report
 * categories chosen feed the group's map; every field is checked before anything is written.
 */
export const createGroup = defineOperation({
  name: 'coordination.create-group',
  permission: 'coordination.manage',
  async run({ tx, tenant, clock, actor, audit }, input: GroupInput) {
    const problems = new Problems();
    const name = problems.text('name', input.name, 2, 120);
    const kind = input.kind as GroupKind;
    if (!groupKinds.includes(kind)) problems.add('kind', 'must be thematic or territorial', 'thématique ou territorial');
    const purpose = problems.text('purpose', input.purpose, 0, 2000, true);
    const territoryId = (input.territoryId ?? '').trim() || null;
    if (territoryId) {
      const own =
        isUuid(territoryId) &&
        (await tx
          .selectFrom('territories')
          .select('id')
          .where('id', '=', territoryId)
          .where(sql<boolean>`tenant_id = quietude_tenant()`)
          .executeTakeFirst());
      if (!own) problems.add('territoryId', 'is not a territory of this local authority', 'territoire inconnu');
    } else if (kind === 'territorial')
      problems.add('territoryId', 'a territorial group needs its territory', 'un groupe territorial a un territoire');
    const categoryIds = [...new Set(input.categoryIds.map((id) => id.trim()).filter(Boolean))];
    if (categoryIds.some((id) => !isUuid(id))) problems.add('categoryIds', 'unknown report category', 'catégorie inconnue');
    else if (categoryIds.length) {
      const known = await tx
        .selectFrom('report_categories')
        .select('id')
        .where('id', 'in', categoryIds)
        .where(sql<boolean>`tenant_id = quietude_tenant()`)
        .execute();
      if (known.length !== categoryIds.length) problems.add('categoryIds', 'unknown report category', 'catégorie inconnue');
    }
    if (name && !problems.list.some((p) => p.field === 'name')) {
      const taken = await tx
        .selectFrom('coordination_groups')
        .select('id')
        .where('name', '=', name)
        .where(sql<boolean>`tenant_id = quietude_tenant()`)
        .executeTakeFirst();
      if (taken) problems.add('name', 'another group has this name', 'un autre groupe porte ce nom');
    }
    problems.check();
    const now = clock.now();
    const group = await tx
      .insertInto('coordination_groups')
      .values({
        tenant_id: tenant.id,
        name,
        kind,
        territory_id: territoryId,
        purpose,
        report_category_ids: categoryIds,
        created_by: actor.userId ?? null,
        created_at: now,
        closed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (actor.userId)
      await tx
        .insertInto('coordination_group_members')
        .values({
          tenant_id: tenant.id,
          group_id: group.id,
          user_id: actor.userId,
          since: now,
          until: null,
          added_by: actor.label,
        })
        .execute();
    audit({
      entityType: 'coordination-group',
      entityId: group.id,
      fields: ['name', 'kind', 'territory', 'purpose', 'categories', 'members'],
    });
    return group;
  },
});
