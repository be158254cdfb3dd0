import { sql } from 'kysely';
import { defineOperation } from '../../platform/access/operation.js';
import { invalidInput } from '../../platform/errors.js';

export interface CategoryInput {
  code: string;
  nameFr: string;
  nameEn: string;
  descriptionFr: string;
  descriptionEn: string;
  group: string;
  keywords: string;
  visibility: string;
  victimSupport: boolean;
  helpFr: string;
  helpEn: string;
  active: boolean;
}

const text = (field: string, value: string, min: number, max: number, fr: string) => {
  const trimmed = value.trim();
  if (trimmed.length < min || trimmed.length > max) throw invalidInput(field, `must be ${min} to ${max} characters`, fr);
  return trimmed;
};

/**
 * Creates a category or changes one (found by its code, which Open311 clients keep: it never changes).
 * Its questions (Open311 attributes) are kept as they are.
 */
export const saveCategory = defineOperation({
  name: 'reports.save-category',
  permission: 'reports.manage',
  async run({ tx, tenant, audit }, input: CategoryInput): Promise<{ created: boolean }> {
    const code = input.code.trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9_-]{1,39}$/.test(code))
      throw invalidInput(
        'code',
        'must be 2 to 40 lowercase letters, digits, - or _',
        '2 à 40 lettres minuscules, chiffres, - ou _',
      );
    if (input.visibility !== 'public' && input.visibility !== 'private')
      throw invalidInput('visibility', 'must be public or private', 'choisissez publique ou privée');
    const values = {
      name_fr: text('nameFr', input.nameFr, 2, 100, 'de 2 à 100 caractères'),
      name_en: text('nameEn', input.nameEn, 2, 100, 'de 2 à 100 caractères'),
      description_fr: text('descriptionFr', input.descriptionFr, 0, 500, 'au plus 500 caractères'),
      description_en: text('descriptionEn', input.descriptionEn, 0, 500, 'au plus 500 caractères'),
      group_name: text('group', input.group, 0, 80, 'au plus 80 caractères'),
      keywords: input.keywords
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean)
        .slice(0, 20),
      visibility: input.visibility as 'public' | 'private',
      victim_support: input.victimSupport,
      help_fr: text('helpFr', input.helpFr, 0, 1000, 'au plus 1000 caractères'),
      help_en: text('helpEn', input.helpEn, 0, 1000, 'au plus 1000 caractères'),
      active: input.active,
    };
    const existing = await tx
      .selectFrom('report_categories')
      .select('id')
      .where(sql<boolean>`tenant_id = quietude_tenant()`)
      .where('code', '=', code)
      .executeTakeFirst();
    if (existing) await tx.updateTable('report_categories').set(values).where('id', '=', existing.id).execute();
    else
      await tx
        .insertInto('report_categories')
        .values({ tenant_id: tenant.id, code, ...values })
        .execute();
    audit({ entityType: 'report-category', entityId: code, fields: Object.keys(values) });
    return { created: !existing };
  },
});

/** A routing rule: this category's reports in this territory (or anywhere, by default) go to this organisation. */
export const saveRoutingRule = defineOperation({
  name: 'reports.save-routing-rule',
  permission: 'reports.manage',
  async run({ tx, tenant, audit }, input: { categoryCode: string; territoryId: string | null; organisationId: string }) {
    const category = await tx
      .selectFrom('report_categories')
      .select('id')
      .where(sql<boolean>`tenant_id = quietude_tenant()`)
      .where('code', '=', input.categoryCode)
      .executeTakeFirst();
    if (!category) throw invalidInput('category', 'unknown category', 'catégorie inconnue');
    const organisation = /^[0-9a-f-]{36}$/i.test(input.organisationId)
      ? await tx
          .selectFrom('tenant_organisations')
          .select('organisation_id')
          .where('tenant_id', '=', tenant.id)
          .where('organisation_id', '=', input.organisationId)
          .executeTakeFirst()
      : undefined;
    if (!organisation) throw invalidInput('organisationId', 'not an organisation of this tenant', 'organisation inconnue');
    if (input.territoryId) {
      const territory = /^[0-9a-f-]{36}$/i.test(input.territoryId)
        ? await tx.selectFrom('territories').select('id').where('id', '=', input.territoryId).executeTakeFirst()
        : undefined;
      if (!territory) throw invalidInput('territoryId', 'not a territory of this tenant', 'territoire inconnu');
    }
    let rule = tx.deleteFrom('report_routing_rules').where('category_id', '=', category.id);
    rule = input.territoryId ? rule.where('territory_id', '=', input.territoryId) : rule.where('territory_id', 'is', null);
    await rule.execute();
    await tx
      .insertInto('report_routing_rules')
      .values({
        tenant_id: tenant.id,
        category_id: category.id,
        territory_id: input.territoryId,
        organisation_id: input.organisationId,
      })
      .execute();
    audit({ entityType: 'report-category', entityId: input.categoryCode, fields: ['routing'] });
  },
});

/** Removes a routing rule of a category (the default rule included: the coordinator then triages). */
export const deleteRoutingRule = defineOperation({
  name: 'reports.delete-routing-rule',
  permission: 'reports.manage',
  async run({ tx, audit }, input: { ruleId: string }) {
    if (!/^[0-9a-f-]{36}$/i.test(input.ruleId)) throw invalidInput('ruleId', 'unknown rule', 'règle inconnue');
    const deleted = await tx.deleteFrom('report_routing_rules').where('id', '=', input.ruleId).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw invalidInput('ruleId', 'unknown rule', 'règle inconnue');
    audit({ entityType: 'report-routing-rule', entityId: input.ruleId, fields: ['routing'] });
  },
});
