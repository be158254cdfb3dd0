import type { Tx } from '../../db/database.js';
import { type DemoTarget, demoCategories } from './demo-categories.js';

const serviceNames: Record<DemoTarget, { name: string; kind: 'city_service' | 'national_police' | 'association' }> = {
  police_municipale: { name: 'Police municipale', kind: 'city_service' },
  police_nationale: { name: 'Police nationale', kind: 'national_police' },
  proprete: { name: 'Service propreté', kind: 'city_service' },
  eclairage: { name: 'Éclairage public', kind: 'city_service' },
  mediation: { name: 'Médiation sociale', kind: 'association' },
};

/**
 * The demo categories of a tenant running `reports`, each routed to a demo organisation: the city's
 * services, and the national police partner the tenant already has (deal points go to the police).
 */
export async function seedDemoReports(tx: Tx, tenantId: string, tenantName: string): Promise<number> {
  const partners = await tx
    .selectFrom('tenant_organisations as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select(['o.id', 'o.kind'])
    .where('l.tenant_id', '=', tenantId)
    .execute();
  const targets = new Map<DemoTarget, string>();
  for (const [target, service] of Object.entries(serviceNames) as [DemoTarget, (typeof serviceNames)[DemoTarget]][]) {
    const existing = service.kind === 'national_police' ? partners.find((p) => p.kind === 'national_police') : undefined;
    if (existing) {
      targets.set(target, existing.id);
      continue;
    }
    const { id } = await tx
      .insertInto('organisations')
      .values({
        name: `${service.name} — ${tenantName} (démo)`,
        kind: service.kind,
        siren: null,
        insee_code: null,
        is_demo: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('tenant_organisations').values({ tenant_id: tenantId, organisation_id: id, role: 'partner' }).execute();
    targets.set(target, id);
  }
  for (const [i, c] of demoCategories.entries()) {
    const { id } = await tx
      .insertInto('report_categories')
      .values({
        tenant_id: tenantId,
        code: c.code,
        name_fr: c.name.fr,
        name_en: c.name.en,
        description_fr: c.description.fr,
        description_en: c.description.en,
        group_name: c.group,
        keywords: c.keywords,
        visibility: c.visibility,
        attributes: JSON.stringify(c.attributes),
        victim_support: c.victimSupport,
        help_fr: c.help.fr,
        help_en: c.help.en,
        sort: i,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('report_routing_rules')
      .values({ tenant_id: tenantId, category_id: id, territory_id: null, organisation_id: targets.get(c.target) as string })
      .execute();
  }
  // The demo accounts that handle reports belong to the municipal police (unscoped, they would see none).
  await tx
    .updateTable('memberships')
    .set({ organisation_id: targets.get('police_municipale') as string })
    .where('tenant_id', '=', tenantId)
    .where('role', 'in', ['partner_organisation', 'police_manager', 'police_supervisor', 'police_agent'])
    .where('organisation_id', 'is', null)
    .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('email', 'like', '%@demo.invalid'))
    .execute();
  return demoCategories.length;
}
