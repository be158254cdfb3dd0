import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { type DemoTarget, demoCategories } from './demo-categories.js';
import { routeReport } from './route-report.js';
import type { ReportStatus } from './tables.js';

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
export async function seedDemoReports(tx: Tx, tenantId: string, tenantName: string, now: Date): Promise<number> {
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
  await seedDemoReportRows(tx, tenantId, now);
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

/** The text of every demo report: tests that count reports start from a demo without them. */
export const DEMO_REPORT_DESCRIPTION = 'Signalement de démonstration (fictif).';

/** Demo reports (fictional, no contact) spread over the last 60 days around the commune, in every state. */
const demoReportPlan: { code: string; count: number; spreadM: number; states: ReportStatus[] }[] = [
  { code: 'degradation', count: 9, spreadM: 300, states: ['new', 'assigned', 'resolved', 'closed'] },
  { code: 'eclairage', count: 7, spreadM: 400, states: ['new', 'in_progress', 'resolved'] },
  { code: 'protoxyde-azote', count: 6, spreadM: 250, states: ['new', 'resolved'] },
  { code: 'outrage-sexiste', count: 4, spreadM: 500, states: ['new', 'triaged'] },
  { code: 'point-de-deal', count: 3, spreadM: 200, states: ['assigned'] },
  { code: 'nuisances', count: 3, spreadM: 600, states: ['new', 'in_progress'] },
];

async function seedDemoReportRows(tx: Tx, tenantId: string, now: Date) {
  const centre = await tx
    .selectFrom('territories')
    .select([sql<number>`ST_Y(ST_PointOnSurface(geom))`.as('lat'), sql<number>`ST_X(ST_PointOnSurface(geom))`.as('lon')])
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'commune')
    .orderBy('code')
    .executeTakeFirst();
  if (!centre) return;
  const categories = await tx
    .selectFrom('report_categories as c')
    .leftJoin('report_routing_rules as r', 'r.category_id', 'c.id')
    .select(['c.id', 'c.code', 'r.organisation_id'])
    .where('c.tenant_id', '=', tenantId)
    .execute();
  let n = 0;
  for (const plan of demoReportPlan) {
    const category = categories.find((c) => c.code === plan.code);
    if (!category) continue;
    for (let i = 0; i < plan.count; i++, n++) {
      // A deterministic spiral around the centre, within the commune's heart.
      const angle = n * 2.4;
      const metres = plan.spreadM * Math.sqrt((i + 1) / plan.count);
      const lat = centre.lat + (metres * Math.cos(angle)) / 111_320;
      const lon = centre.lon + (metres * Math.sin(angle)) / (111_320 * Math.cos((centre.lat * Math.PI) / 180));
      const status = plan.states[i % plan.states.length] as ReportStatus;
      const created = new Date(now.getTime() - ((n * 37) % 60) * 86_400_000 - (n % 24) * 3_600_000);
      const closed = status === 'resolved' || status === 'closed' ? new Date(created.getTime() + 3 * 86_400_000) : null;
      // The territory a submitted report would get (its quartier or arrondissement), for maps by territory.
      const { territoryId } = await routeReport(tx, category.id, lon, lat);
      const { id } = await tx
        .insertInto('reports')
        .values({
          tenant_id: tenantId,
          category_id: category.id,
          follow_token_hash: randomBytes(32).toString('hex'),
          status,
          status_reason: null,
          reporter_role: n % 3 === 0 ? 'victim' : 'witness',
          description: DEMO_REPORT_DESCRIPTION,
          attributes: JSON.stringify(
            plan.code === 'eclairage' ? { etendue: 'un' } : plan.code === 'protoxyde-azote' ? { quantite: 'quelques' } : {},
          ),
          geom: sql`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)`,
          address: null,
          territory_id: territoryId,
          organisation_id: category.organisation_id,
          contact_name: null,
          contact_email: null,
          contact_phone: null,
          contact_erased_at: null,
          source: 'web',
          published_description: null,
          duplicate_of: null,
          created_at: created,
          updated_at: closed ?? created,
          closed_at: closed,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('report_events')
        .values({
          tenant_id: tenantId,
          report_id: id,
          at: created,
          actor: 'demo',
          kind: 'status',
          from_status: null,
          to_status: 'new',
          note: null,
        })
        .execute();
      if (status !== 'new')
        await tx
          .insertInto('report_events')
          .values({
            tenant_id: tenantId,
            report_id: id,
            at: closed ?? created,
            actor: 'demo',
            kind: 'status',
            from_status: 'new',
            to_status: status,
            note: null,
          })
          .execute();
    }
  }
}
